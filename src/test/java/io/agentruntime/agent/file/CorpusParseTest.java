package io.agentruntime.agent.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentExample;
import io.agentruntime.agent.ParsedAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file of a public collection of Claude Code subagents (in shared/corpus beside the repository)
 * must load with the right values: these are the files users will actually drop in.
 */
public class CorpusParseTest {

    private static final String CORPUS = "shared/corpus/VoltAgent-awesome-claude-code-subagents/categories";

    private final AgentFileParser parser = new AgentFileParser();

    @Test
    void everyCorpusFileLoadsWithItsExamples() throws IOException {
        Path root = corpus();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        assertThat(files).hasSize(129);
        for (Path file : files) {
            String path = root.relativize(file).toString().replace('\\', '/');
            ParsedAgent parsed = parser.parse(root.toString(), path, Files.readAllBytes(file));
            AgentDefinition agent = parsed.agent();
            assertThat(agent).as(path).isNotNull();
            assertThat(parsed.problems()).as(path).isEmpty();
            assertThat(agent.name()).as(path).isEqualTo(AgentFileParser.stem(path));
            assertThat(agent.description())
                    .as(path)
                    .isNotBlank()
                    .doesNotContain("<example>", "</example>", "\\n")
                    .doesNotEndWith("Specifically:")
                    .doesNotEndWith("Examples:");
            assertThat(agent.model()).as(path).isIn("sonnet", "opus", "haiku");
            assertThat(agent.tools())
                    .as(path)
                    .isNotEmpty()
                    .contains("Read")
                    .allMatch(t -> !t.isBlank() && !t.contains(","));
            assertThat(agent.systemPrompt()).as(path).isNotBlank();
            assertThat(agent.source().sha256()).as(path).hasSize(64);
            if (path.endsWith("terragrunt-expert.md")) {
                assertThat(agent.examples()).as(path).isEmpty();
                continue;
            }
            assertThat(agent.examples()).as(path).hasSize(3);
            for (AgentExample example : agent.examples()) {
                assertThat(example.context()).as(path).isNotBlank().doesNotStartWith("Context:");
                assertThat(example.user())
                        .as(path)
                        .isNotBlank()
                        .doesNotStartWith("\"")
                        .doesNotEndWith("\"");
                assertThat(example.assistant())
                        .as(path)
                        .isNotBlank()
                        .doesNotStartWith("\"")
                        .doesNotContain("<commentary>");
                assertThat(example.commentary()).as(path).isNotBlank().doesNotContain("</commentary>");
            }
        }
    }

    /** shared/ lies beside the repository (or above a worktree): walk up until it is found. */
    public static Path corpus() {
        String configured = System.getProperty("agents.corpus.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate :
                    List.of(dir.resolve(CORPUS), dir.resolveSibling("shared").resolve(CORPUS.substring(7)))) {
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("The corpus " + CORPUS + " was not found above "
                + Path.of("").toAbsolutePath() + "; set -Dagents.corpus.dir=...");
    }
}
