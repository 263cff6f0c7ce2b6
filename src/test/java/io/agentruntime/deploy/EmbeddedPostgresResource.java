package io.agentruntime.deploy;

import io.agentruntime.common.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * A database for the integration tests. The packaged application does not contain the embedded PostgreSQL
 * (an optional dependency, kept out of production images), so the test JVM starts it and hands its URL to
 * the application under test, unless a server is configured. One server per JVM, stopped when the JVM exits.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static final String URL = "quarkus.datasource.jdbc.url";

    @Override
    public Map<String, String> start() {
        if (isSet(System.getenv("QUARKUS_DATASOURCE_JDBC_URL")) || isSet(System.getProperty(URL))) {
            // A server is configured (.ci/run's second pass): the application inherits it.
            return Map.of();
        }
        String url = EmbeddedPostgresServer.start(Path.of("target/embedded-postgres-it"), true);
        return Map.of(URL, url, "quarkus.datasource.username", "postgres");
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public void stop() {
        // Shared by every integration test class of the run: the server stops with the JVM.
    }
}
