package io.agentruntime.lookup.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentSource;
import io.agentruntime.agent.ParsedAgent;
import io.agentruntime.agent.file.AgentFileParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared routing corpus for the benchmark: the agent files read by the service's parser, with every
 * {@code <example>} block cut out of the descriptions and no examples kept (the examples' user turns are
 * the benchmark's queries, so the index must not see them), and the routing cases.
 */
final class BenchCorpus {

    static final String CORPUS_DIR = "VoltAgent-awesome-claude-code-subagents";
    private static final AgentFileParser PARSER = new AgentFileParser();

    record Case(String query, String expected) {}

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
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                agents.add(read(root, file));
            }
            agents.sort(java.util.Comparator.comparing(AgentDefinition::name));
            ObjectMapper json = new ObjectMapper();
            List<Case> cases = new ArrayList<>();
            for (String line : Files.readAllLines(root.resolve("routing-cases.jsonl"))) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    cases.add(new Case(
                            node.get("query").asText(), node.get("expected").asText()));
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
            for (Path candidate : List.of(
                    dir.resolve("shared/corpus").resolve(CORPUS_DIR),
                    dir.resolve("../shared/corpus").resolve(CORPUS_DIR).normalize())) {
                if (Files.isDirectory(candidate.resolve("categories"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("No corpus found: pass -Dcorpus=/path/to/shared/corpus");
    }

    /**
     * The agent as the service's parser reads it (its description already without the example blocks),
     * then stripped of its examples: the benchmark's queries are those examples.
     */
    static AgentDefinition read(Path root, Path file) throws IOException {
        String relative = root.resolve("categories").relativize(file).toString().replace('\\', '/');
        ParsedAgent parsed = PARSER.parse("corpus", relative, Files.readAllBytes(file));
        AgentDefinition a = parsed.agent();
        if (a == null || a.description().contains("<example>")) {
            throw new IOException(relative + ": not readable as an agent without examples: " + parsed.problems());
        }
        // The vectors depend on the text without examples, so the cache key must too.
        return new AgentDefinition(
                a.name(),
                a.description(),
                List.of(),
                a.model(),
                a.tools(),
                a.color(),
                a.extra(),
                a.systemPrompt(),
                new AgentSource(
                        a.source().origin(), a.source().path(), a.source().sha256() + "noexamples"));
    }

    /** The hand-written out-of-domain requests (test resource {@code lookup/out-of-domain.txt}). */
    static List<String> outOfDomain() {
        try (var in = BenchCorpus.class.getResourceAsStream("/lookup/out-of-domain.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
