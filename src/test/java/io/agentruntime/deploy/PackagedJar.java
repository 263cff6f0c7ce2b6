package io.agentruntime.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * Like {@link #database()}, but on a new, empty database of its own on the same server: for a test whose
     * copies must be the only replicas on their database. On a shared one, an application an earlier
     * integration test left running (Quarkus keeps one up across test classes) also runs queued tasks,
     * against its own provider.
     */
    public static Map<String, String> ownDatabase(String name) {
        Map<String, String> shared = database();
        String url = setting(shared, "quarkus.datasource.jdbc.url");
        String user = setting(shared, "quarkus.datasource.username");
        String password = setting(shared, "quarkus.datasource.password");
        user = user == null ? "postgres" : user;
        password = password == null ? "" : password;
        try (var c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + name + " at " + url, e);
        }
        Map<String, String> own = new HashMap<>(shared);
        // jdbc:postgresql://host:port/db?params: the same server, the new database.
        own.put("quarkus.datasource.jdbc.url", url.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name));
        own.put("quarkus.datasource.username", user);
        own.put("quarkus.datasource.password", password);
        return own;
    }

    /** A datasource setting: given, else a system property, else the environment (as CI sets it). */
    private static String setting(Map<String, String> given, String key) {
        String value = given.get(key);
        if (value == null) {
            value = System.getProperty(key);
        }
        if (value == null) {
            value = System.getenv(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        }
        return value;
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
