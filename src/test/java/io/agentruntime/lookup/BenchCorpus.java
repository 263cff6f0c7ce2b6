package io.agentruntime.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The shared routing corpus for the benchmark: the agent files with every {@code <example>} block cut
 * out of the descriptions (the examples' user turns are the benchmark's queries, so the index must not
 * see them), and the routing cases.
 */
final class BenchCorpus {

    static final String CORPUS_DIR = "VoltAgent-awesome-claude-code-subagents";
    private static final Pattern EXAMPLE = Pattern.compile("<example>.*?</example>", Pattern.DOTALL);

    record Case(String query, String expected) {
    }

    final Path root;
    final List<AgentDefinition> agents;
    final List<Case> cases;

    private BenchCorpus(Path root, List<AgentDefinition> agents, List<Case> cases) {
        this.root = root;
        this.agents = agents;
        this.cases = cases;
    }

    /** The corpus at {@code -Dcorpus=}, else the first {@code shared/corpus} found walking up from here. */
    static BenchCorpus load() {
        Path root = locate();
        try (Stream<Path> files = Files.walk(root.resolve("categories"))) {
            List<AgentDefinition> agents = new ArrayList<>();
            for (Path file : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                agents.add(read(root, file));
            }
            agents.sort(java.util.Comparator.comparing(AgentDefinition::name));
            ObjectMapper json = new ObjectMapper();
            List<Case> cases = new ArrayList<>();
            for (String line : Files.readAllLines(root.resolve("routing-cases.jsonl"))) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    cases.add(new Case(node.get("query").asText(), node.get("expected").asText()));
                }
            }
            return new BenchCorpus(root, List.copyOf(agents), List.copyOf(cases));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate() {
        String given = System.getProperty("corpus");
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given).toAbsolutePath().normalize();
            return Files.isDirectory(p.resolve(CORPUS_DIR)) ? p.resolve(CORPUS_DIR) : p;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("shared/corpus").resolve(CORPUS_DIR),
                    dir.resolve("../shared/corpus").resolve(CORPUS_DIR).normalize())) {
                if (Files.isDirectory(candidate.resolve("categories"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("No corpus found: pass -Dcorpus=/path/to/shared/corpus");
    }

    /** Strict YAML front matter; the description's literal backslash-n turned into newlines, examples cut. */
    static AgentDefinition read(Path root, Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n");
        if (!text.startsWith("---\n")) {
            throw new IOException(file + ": no front matter");
        }
        int end = text.indexOf("\n---", 4);
        Map<String, Object> front = new Yaml().load(text.substring(4, end));
        String body = text.substring(text.indexOf('\n', end + 1) + 1).strip();
        String description = String.valueOf(front.getOrDefault("description", "")).replace("\\n", "\n");
        description = EXAMPLE.matcher(description).replaceAll("").replaceAll("\n{3,}", "\n\n").strip();
        Object tools = front.get("tools");
        List<String> toolList = tools == null ? List.of()
                : Arrays.stream(tools.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        String relative = root.resolve("categories").relativize(file).toString();
        // The vectors depend on the text without examples, so the cache key must too.
        String sha = sha256(bytes) + "noexamples";
        return new AgentDefinition(String.valueOf(front.get("name")), description, List.of(),
                String.valueOf(front.getOrDefault("model", "inherit")), toolList, null, Map.of(), body,
                new AgentSource("corpus", relative, sha));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
