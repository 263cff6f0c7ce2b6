package io.agentruntime.lookup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.lookup.rank.CatalogLookup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * With the embedding model on: the model loads only after {@code lookup.embedding.load-delay} (lookups rank by
 * keywords until then), the built-in agents' vectors come with the build (agents/vectors.bin), the agents of
 * {@code agents.dirs} are embedded in the background and kept in the cache directory, and lookups turn hybrid.
 */
@QuarkusTest
@TestProfile(HybridModeTest.EmbeddingOn.class)
class HybridModeTest {

    /**
     * Fresh for every run, so that the agents are embedded, not read back from an earlier run. Kept in a
     * system property because Quarkus loads this class twice (test and application class loaders).
     */
    static final Path ROOT = Path.of((String) System.getProperties()
            .computeIfAbsent("hybrid-mode-test.root", key -> freshDirectory().toString()));

    static final Duration LOAD_DELAY = Duration.ofSeconds(20);
    static final Path CACHE = ROOT.resolve("vectors");
    static final Path AGENTS = ROOT.resolve("agents");

    private static Path freshDirectory() {
        try {
            Files.createDirectories(Path.of("target"));
            Path root = Files.createTempDirectory(Path.of("target"), "lookup-vectors-");
            Files.createDirectories(root.resolve("agents"));
            Files.writeString(root.resolve("agents/greenhouse-gardener.md"), """
                    ---
                    name: greenhouse-gardener
                    description: Grows tomatoes and herbs under glass; waters, prunes and fights greenhouse pests.
                    ---
                    You look after a greenhouse: watering schedules, pruning tomatoes, aphids and whitefly.
                    """);
            return root;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static class EmbeddingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "lookup.embedding.enabled",
                    "true",
                    // Long enough that the test's first look comes before it, even on a loaded machine.
                    "lookup.embedding.load-delay",
                    LOAD_DELAY.toSeconds() + "s",
                    "lookup.embedding.cache-dir",
                    CACHE.toString(),
                    "agents.dirs",
                    AGENTS.toString());
        }
    }

    @Inject
    CatalogLookup lookup;

    @Inject
    AgentCatalog catalog;

    @Test
    void ranksByKeywordsUntilTheLoadDelayThenEmbedsAndRanksWithEverySignal() throws IOException {
        // Within the load delay the model has not started: no agent has vectors yet, lookups rank by keywords.
        lookUp("Our pods keep restarting after the last rollout", 3)
                .body("mode", equalTo("keyword"))
                .body("embedding.state", equalTo("loading"))
                .body("embedding.agentsEmbedded", equalTo(0))
                .body("embedding.reason", containsString("lookup.embedding.load-delay"));
        assertThat(lookup.vectorsFrom("shipped")).isZero();

        await().atMost(Duration.ofMinutes(2)).until(lookup::hybrid);

        lookUp("Our pods keep restarting after the last rollout", 3)
                .body("mode", equalTo("hybrid"))
                .body("items[0].name", equalTo("devops-kubernetes-engineer"))
                .body("items[0].signals", hasKey("embeddingBody"))
                .body("items[0].signals", hasKey("embeddingDescription"));
        lookUp("whitefly on my tomato plants", 1)
                .body("items[0].name", equalTo("greenhouse-gardener"))
                .body("items[0].signals", hasKey("embeddingDescription"));

        // The built-in agents' vectors were shipped with the build: the model embedded only the folder's agent.
        List<AgentDefinition> agents = catalog.snapshot().agents();
        List<AgentDefinition> builtin = agents.stream()
                .filter(a -> a.source().origin().startsWith("classpath:"))
                .toList();
        assertThat(builtin).hasSizeGreaterThan(10);
        assertThat(lookup.vectorsFrom("shipped")).isEqualTo(builtin.size());
        assertThat(lookup.vectorsFrom("model"))
                .isEqualTo(agents.size() - builtin.size())
                .isEqualTo(1);

        // Vectors computed at run time are kept on disk by file SHA-256, one file per agent; shipped ones are not.
        try (Stream<Path> files = Files.list(CACHE)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly(agents.stream()
                            .filter(a -> a.name().equals("greenhouse-gardener"))
                            .map(a -> a.source().sha256() + ".vec")
                            .findFirst()
                            .orElseThrow());
        }
    }

    private static ValidatableResponse lookUp(String query, int limit) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("query", query, "limit", limit))
                .post("/v1/agents/lookup")
                .then()
                .statusCode(200);
    }
}
