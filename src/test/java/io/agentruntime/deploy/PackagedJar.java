package io.agentruntime.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The packaged application (target/quarkus-app) started by hand, as a cluster or a Job starts it. */
public final class PackagedJar {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private PackagedJar() {}

    /**
     * The settings that put a child process on the test's database: the URL of the test JVM's embedded
     * PostgreSQL (or none when CI configured a server: then inherited), and a server configured as system
     * properties (an earlier integration test's, or the caller's), which a child process would not see.
     */
    public static Map<String, String> database() {
        Map<String, String> database = new HashMap<>(new EmbeddedPostgresResource().start());
        for (String key :
                List.of("quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password")) {
            String value = System.getProperty(key);
            if (value != null && !database.containsKey(key)) {
                database.put(key, value);
            }
        }
        return database;
    }

    /** The packaged application with these settings (as system properties) and arguments, without the embedding model. */
    public static ProcessBuilder launcher(Map<String, String> settings, String... args) {
        assertThat(JAR).as("the packaged application").exists();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        // A prod start would load the embedding model in the background: not what these tests are about.
        pb.environment().put("LOOKUP_EMBEDDING_ENABLED", "false");
        pb.environment().remove("AUTH_MODE");
        return pb;
    }
}
