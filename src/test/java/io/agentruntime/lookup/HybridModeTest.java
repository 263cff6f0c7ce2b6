package io.agentruntime.lookup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.lookup.rank.CatalogLookup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** With the embedding model on: the agents are embedded in the background and lookups turn hybrid. */
@QuarkusTest
@TestProfile(HybridModeTest.EmbeddingOn.class)
class HybridModeTest {

    /**
     * Fresh for every run, so that the agents are embedded, not read back from an earlier run. Kept in a
     * system property because Quarkus loads this class twice (test and application class loaders).
     */
    static final Path CACHE = Path.of((String) System.getProperties()
            .computeIfAbsent(
                    "hybrid-mode-test.vector-cache", key -> freshDirectory().toString()));

    private static Path freshDirectory() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target"), "lookup-vectors-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static class EmbeddingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lookup.embedding.enabled", "true", "lookup.embedding.cache-dir", CACHE.toString());
        }
    }

    @Inject
    CatalogLookup lookup;

    @Inject
    AgentCatalog catalog;

    @Test
    void embedsInTheBackgroundThenRanksWithEverySignal() throws IOException {
        await().atMost(Duration.ofMinutes(2)).until(lookup::hybrid);

        given().contentType(ContentType.JSON)
                .body("""
                        {"query": "Our pods keep restarting after the last rollout", "limit": 3}""")
                .post("/v1/agents/lookup")
                .then()
                .statusCode(200)
                .body("mode", equalTo("hybrid"))
                .body("items[0].name", equalTo("devops-kubernetes-engineer"))
                .body("items[0].signals", hasKey("embeddingBody"))
                .body("items[0].signals", hasKey("embeddingDescription"));

        // Vectors are kept on disk by file SHA-256, one file per agent.
        try (Stream<Path> files = Files.list(CACHE)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsAll(catalog.snapshot().agents().stream()
                            .map(a -> a.source().sha256() + ".vec")
                            .toList());
        }
    }
}
