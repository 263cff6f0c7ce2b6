package io.agentruntime.agent.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.file.AgentFileParser;
import io.agentruntime.agent.file.CorpusParseTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The agents shipped in agents/ load cleanly from the classpath, through the index the build writes. */
class BuiltinAgentsTest {

    private static final List<String> REQUIRED = List.of(
            "backend-web-developer",
            "api-designer",
            "database-engineer",
            "security-reviewer",
            "devops-kubernetes-engineer",
            "test-engineer",
            "performance-engineer",
            "code-reviewer",
            "technical-writer",
            "data-engineer",
            "frontend-developer",
            "sre-incident-responder");

    @Test
    void indexListsExactlyTheFilesOfTheAgentsFolder() throws IOException {
        List<String> onDisk;
        Path agents = Path.of("agents");
        try (Stream<Path> walk = Files.walk(agents)) {
            onDisk = walk.filter(p -> p.toString().endsWith(".md"))
                    .map(p -> agents.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
        String index;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CatalogLoader.BUILTIN_INDEX)) {
            assertThat(in).as("agents/index.txt on the classpath").isNotNull();
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(index.lines().filter(l -> !l.isBlank()).sorted().toList()).isEqualTo(onDisk);
    }

    @Test
    void builtinAgentsLoadWithoutProblems() {
        CatalogLoader.Result result = new CatalogLoader(
                        new CatalogLoader.Settings(true, List.of(), true),
                        new AgentFileParser(),
                        getClass().getClassLoader())
                .load();
        assertThat(result.problems()).isEmpty();
        assertThat(result.agents())
                .extracting(AgentDefinition::name)
                .containsAll(REQUIRED)
                .isSorted();
        for (AgentDefinition agent : result.agents()) {
            assertThat(agent.source().origin()).isEqualTo(CatalogLoader.BUILTIN_ORIGIN);
            assertThat(agent.source().path()).isEqualTo(agent.name() + ".md");
            assertThat(agent.description())
                    .as(agent.name())
                    .startsWith("Use this agent")
                    .doesNotContain("<example>");
            assertThat(agent.examples())
                    .as(agent.name())
                    .hasSizeBetween(2, 3)
                    .allSatisfy(e -> assertThat(e.user()).isNotBlank())
                    .allSatisfy(e -> assertThat(e.assistant()).contains(agent.name()))
                    .allSatisfy(e -> assertThat(e.context()).isNotBlank())
                    .allSatisfy(e -> assertThat(e.commentary()).isNotBlank());
            assertThat(agent.color()).as(agent.name()).isNotBlank();
            if (!agent.name().equals("backend-web-developer")) {
                assertThat(agent.tools()).as(agent.name()).isNotEmpty();
                assertThat(agent.systemPrompt()
                                .lines()
                                .filter(l -> !l.isBlank())
                                .count())
                        .as(agent.name())
                        .isGreaterThanOrEqualTo(40);
            }
        }
    }

    @Test
    void theSeedIsShippedUnchanged() throws IOException {
        Path seed =
                CorpusParseTest.corpus().getParent().getParent().getParent().resolve("seeds/backend-web-developer.md");
        assertThat(Files.readAllBytes(Path.of("agents/backend-web-developer.md")))
                .isEqualTo(Files.readAllBytes(seed));
    }
}
