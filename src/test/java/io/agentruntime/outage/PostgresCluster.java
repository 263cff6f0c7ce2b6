package io.agentruntime.outage;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the machine's server packages (Debian's pg_createcluster), of its own, on a
 * free port, so that a test can stop and start it under the application: created before the
 * application starts and dropped after. Needs root (CI runs as root); see {@link #available()}.
 */
public class PostgresCluster implements QuarkusTestResourceLifecycleManager {

    static final String VERSION = "15";
    static final String NAME = "artout" + ProcessHandle.current().pid();

    private static int port;

    /** pg_createcluster is there and may be used: the test is skipped otherwise. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/pg_createcluster"))
                && Files.isDirectory(Path.of("/usr/lib/postgresql", VERSION))
                && "root".equals(System.getProperty("user.name"));
    }

    @Override
    public Map<String, String> start() {
        port = freePort();
        run("pg_createcluster", VERSION, NAME, "-p", Integer.toString(port), "--", "--auth=trust");
        startServer();
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        run("pg_dropcluster", "--stop", VERSION, NAME);
    }

    public static void stopServer() {
        run("pg_ctlcluster", VERSION, NAME, "stop", "-m", "fast");
    }

    public static void startServer() {
        run("pg_ctlcluster", VERSION, NAME, "start");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
