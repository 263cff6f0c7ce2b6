package io.agentruntime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code agents validate} in the packaged artifact, as a CI step runs it: the prod profile and a database
 * that cannot be reached. A command that needs the database fails against the same setting, which shows
 * that the setting really points nowhere.
 */
class ValidateWithoutDatabaseIT {

    /** Nothing listens on port 9 (discard) of the loopback interface: the connection is refused at once. */
    private static final String NO_DATABASE = "jdbc:postgresql://127.0.0.1:9/nowhere";

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    record Result(int exitCode, String out, String err) {}

    @Test
    void validatesAGoodAndABadFileWithoutADatabase() throws Exception {
        Result r = run("agents", "validate", "src/test/resources/cli/reviewer.md");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("src/test/resources/cli/reviewer.md: ok, agent '");
        assertThat(r.err()).isEmpty();

        Result bad = run("--verbose", "agents", "validate", "src/test/resources/cli/empty-description.md");
        assertThat(bad.exitCode()).as(bad.err()).isEqualTo(ExitCode.FAILURE);
        assertThat(bad.out()).startsWith("src/test/resources/cli/empty-description.md:3: description is empty");
    }

    @Test
    void usageErrorsKeepTheirCodeAndOneLine() throws Exception {
        Result r = run("agents", "validate");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err())
                .startsWith("agent-runtime: Missing required parameter")
                .contains("(see 'agent-runtime agents validate --help')")
                .doesNotContain("Exception");
    }

    @Test
    void aCommandThatNeedsTheDatabaseFailsAgainstTheSameSetting() throws Exception {
        Result r = run("agents", "list");
        assertThat(r.exitCode()).as(r.out()).isEqualTo(ExitCode.DATABASE);
        assertThat(r.err()).contains("database unreachable");
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the packaged application").exists();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", NO_DATABASE);
        Path out = Files.createTempFile("validate", ".out");
        Path err = Files.createTempFile("validate", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the command ends").isTrue();
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
