package io.agentruntime.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import io.agentruntime.PrometheusText;
import io.agentruntime.testing.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged application with the embedding model on, started the way a locked-down container starts it:
 * its home folder cannot hold DJL's cache (it is a plain file here, so DJL's default location fails even for
 * root), and the model's native tokenizer library goes to {@code lookup.embedding.native-dir} instead.
 * Lookups turn hybrid, and the state shows in the response, the liveness check and the metrics. The built-in
 * agents' vectors are the ones the build shipped in the jar: the model embeds none of them at start.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedLookupIT.EmbeddingOnUnwritableHome.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(Management.Port.class)
class PackagedLookupIT {

    static final Path NATIVE_DIR = AppSettings.PROJECT.resolve("target/it-lookup-native");
    static final Path HOME = AppSettings.PROJECT.resolve("target/it-home-is-a-file");

    public static class EmbeddingOnUnwritableHome implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                deleteTree(NATIVE_DIR);
                Files.createDirectories(HOME.getParent());
                Files.writeString(HOME, "not a folder: nothing can be unpacked under it\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Passed to the application's JVM as system properties.
            return Map.of(
                    "lookup.embedding.enabled", "true",
                    "lookup.embedding.native-dir", NATIVE_DIR.toString(),
                    "user.home", HOME.toString());
        }
    }

    @Test
    void hybridWithTheModelStateInResponseHealthAndMetrics() throws IOException {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> Management.given()
                        .get("/q/health/live")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'Agent lookup' }.data.embedding", equalTo("ready")));

        int agents = given().get("/v1/agents?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items")
                .size();

        JsonPath lookup = PackagedAppIT.lookUpPodsRestarting()
                .body("mode", equalTo("hybrid"))
                .body("items[0].name", equalTo("devops-kubernetes-engineer"))
                .body("items[0].signals", hasKey("embeddingBody"))
                .body("embedding.state", equalTo("ready"))
                .body("embedding.model", equalTo("all-MiniLM-L6-v2-q"))
                .body("embedding.reason", nullValue())
                .extract()
                .jsonPath();
        assertThat(lookup.getInt("embedding.agents")).isEqualTo(agents).isPositive();
        assertThat(lookup.getInt("embedding.agentsEmbedded")).isEqualTo(agents);

        JsonPath live = Management.health("live");
        assertThat(live.getString("status")).isEqualTo("UP");
        Map<String, Object> data = live.getMap("checks.find { it.name == 'Agent lookup' }.data");
        assertThat(data)
                .containsEntry("mode", "hybrid")
                .containsEntry("model", "all-MiniLM-L6-v2-q")
                .containsEntry("agentsEmbedded", agents)
                .doesNotContainKey("reason");

        String metrics = PrometheusText.scrape();
        assertThat(metrics)
                .containsPattern("(?m)^agent_runtime_lookup_hybrid\\{[^}]*model=\"all-MiniLM-L6-v2-q\"[^}]*} 1\\.0$")
                .containsPattern("(?m)^agent_runtime_lookup_agents_embedded(\\{[^}]*})? " + agents + "\\.0$")
                .containsPattern("(?m)^agent_runtime_lookup_embedding_state\\{[^}]*state=\"ready\"[^}]*} 1\\.0$")
                .containsPattern("(?m)^agent_runtime_lookup_embedding_state\\{[^}]*state=\"disabled\"[^}]*} 0\\.0$");
        // The built-in agents' vectors come inside the artifact (agents/vectors.bin): the start embedded none.
        assertThat(PrometheusText.value(metrics, "agent_runtime_lookup_agent_vectors_total", "source", "shipped"))
                .isEqualTo(agents);
        assertThat(PrometheusText.value(metrics, "agent_runtime_lookup_agent_vectors_total", "source", "model"))
                .isZero();

        // The tokenizer's native library was unpacked where the setting points, not under the home folder.
        assertThat(HOME).isRegularFile();
        try (Stream<Path> files = Files.walk(NATIVE_DIR)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("libtokenizers.so");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
