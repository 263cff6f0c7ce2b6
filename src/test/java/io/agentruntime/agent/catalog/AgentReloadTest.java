package io.agentruntime.agent.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.agentruntime.agent.CatalogChangedRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog follows its folders without a restart, including a Kubernetes ConfigMap's atomic swap. */
@QuarkusTest
@TestProfile(AgentReloadTest.Folders.class)
class AgentReloadTest {

    /** Three folders made before the application starts: a, b (a duplicate of a's agent) and a ConfigMap mount. */
    public static class Folders implements QuarkusTestProfile {

        static final Path ROOT = create();

        private static Path create() {
            try {
                Path root = Files.createTempDirectory("agents-reload");
                Files.createDirectories(root.resolve("a"));
                Files.createDirectories(root.resolve("b"));
                Files.writeString(
                        root.resolve("a/shared-name.md"), CatalogLoaderTest.agent("shared-name", "From folder a."));
                Files.writeString(
                        root.resolve("b/shared-name.md"), CatalogLoaderTest.agent("shared-name", "From folder b."));
                Path cm = Files.createDirectories(root.resolve("cm"));
                Path stamped = Files.createDirectories(cm.resolve("..2026_01_01_00_00_00.1"));
                Files.writeString(stamped.resolve("cm-agent.md"), CatalogLoaderTest.agent("cm-agent", "Version one."));
                Files.createSymbolicLink(cm.resolve("..data"), stamped.getFileName());
                Files.createSymbolicLink(cm.resolve("cm-agent.md"), Path.of("..data/cm-agent.md"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void deleteTree(Path root) {
            try (var walk = Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // A temporary folder: the OS cleans up what is left.
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "agents.dirs", ROOT.resolve("a") + "," + ROOT.resolve("b") + "," + ROOT.resolve("cm"),
                    "agents.include-builtin", "false",
                    "agents.reload.interval", "1s",
                    "agents.reload.debounce", "100ms");
        }
    }

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Inject
    CatalogChangedRecorder recorder;

    @Test
    void laterFolderWinsAndTheLoserIsReported() {
        given().get("/v1/agents/shared-name")
                .then()
                .statusCode(200)
                .body("description", equalTo("From folder b."))
                .body("source.origin", equalTo(Folders.ROOT.resolve("b").toString()));
        given().get("/v1/agents/problems")
                .then()
                .statusCode(200)
                .body(
                        "items.find { it.file.endsWith('/a/shared-name.md') }.action",
                        equalTo("overridden by " + Folders.ROOT.resolve("b/shared-name.md")))
                .body("items.find { it.file.endsWith('/a/shared-name.md') }.severity", equalTo("WARNING"))
                .body("items.findAll { it.file.endsWith('/b/shared-name.md') }", org.hamcrest.Matchers.empty());
        given().get("/v1/agents").then().statusCode(200).body("items.name", not(hasItem("backend-web-developer")));
    }

    @Test
    void followsAddedChangedAndRemovedFiles() throws IOException {
        Path file = Folders.ROOT.resolve("a/sub/added.md");
        long before = version();
        Files.createDirectories(file.getParent());
        long written = System.nanoTime();
        Files.writeString(file, CatalogLoaderTest.agent("added-agent", "First text."));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> given().get("/v1/agents/added-agent")
                        .then()
                        .statusCode(200)
                        .body("description", equalTo("First text."))
                        .body("source.path", equalTo("sub/added.md")));
        System.out.printf("agent file added: served after %d ms%n", (System.nanoTime() - written) / 1_000_000);
        assertThat(version()).isGreaterThan(before);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(recorder.lastVersion()).isEqualTo(version()));

        Files.writeString(file, CatalogLoaderTest.agent("added-agent", "Second, longer text."));
        await().atMost(PATIENCE)
                .untilAsserted(() -> given().get("/v1/agents/added-agent")
                        .then()
                        .statusCode(200)
                        .body("description", equalTo("Second, longer text.")));

        Files.delete(file);
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> given().get("/v1/agents/added-agent").then().statusCode(404));
    }

    @Test
    void followsAConfigMapSwap() throws IOException {
        Path cm = Folders.ROOT.resolve("cm");
        given().get("/v1/agents/cm-agent").then().statusCode(200).body("description", equalTo("Version one."));

        // What the kubelet does: write a new timestamped folder, point a temporary link at it, rename the link
        // over ..data (atomic), add top-level links for new keys, then delete the old folder.
        Path stamped = Files.createDirectories(cm.resolve("..2026_01_02_00_00_00.2"));
        Files.writeString(stamped.resolve("cm-agent.md"), CatalogLoaderTest.agent("cm-agent", "Version two."));
        Files.writeString(stamped.resolve("cm-second.md"), CatalogLoaderTest.agent("cm-second", "A new key."));
        Path tmpLink = Files.createSymbolicLink(cm.resolve("..data_tmp"), stamped.getFileName());
        Files.move(tmpLink, cm.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.createSymbolicLink(cm.resolve("cm-second.md"), Path.of("..data/cm-second.md"));
        Path old = cm.resolve("..2026_01_01_00_00_00.1");
        Files.delete(old.resolve("cm-agent.md"));
        Files.delete(old);

        await().atMost(PATIENCE).untilAsserted(() -> {
            given().get("/v1/agents/cm-agent")
                    .then()
                    .statusCode(200)
                    .body("description", equalTo("Version two."))
                    .body("source.path", equalTo("cm-agent.md"));
            given().get("/v1/agents/cm-second").then().statusCode(200).body("source.origin", endsWith("/cm"));
        });
        given().get("/v1/agents/problems")
                .then()
                .statusCode(200)
                .body("items.file", not(hasItem(endsWith("cm-agent.md"))));
    }

    private static long version() {
        return given().get("/v1/agents/problems")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("catalogVersion");
    }
}
