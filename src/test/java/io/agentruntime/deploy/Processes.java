package io.agentruntime.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the tools the client checks need (npm, node) the way a user would, from a folder of the project. */
public final class Processes {

    private Processes() {}

    /** Runs {@code command} in {@code dir}; fails with its whole output unless it exits with 0 in time. */
    public static String run(Path dir, List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("process", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ended && process.exitValue() == 0)
                    .as(String.join(" ", command) + " failed:\n" + out)
                    .isTrue();
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
