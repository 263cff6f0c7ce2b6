package io.agentruntime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packaged entry point with arguments: each launch starts the application, runs one command and stops. */
@QuarkusMainTest
class CommandModeTest {

    private static final String FIXTURES = "src/test/resources/cli/";

    @Test
    @Launch({ "agents", "list" })
    void listsTheAgentsOneALine(LaunchResult result) {
        assertThat(result.getOutputStream()).anySatisfy(line -> assertThat(line).startsWith("code-reviewer "));
        assertThat(result.getOutputStream()).anySatisfy(line -> assertThat(line).startsWith("api-designer "));
    }

    @Test
    @Launch({ "agents", "list", "--output", "json" })
    void listsTheAgentsAsJson(LaunchResult result) {
        assertThat(result.getOutput()).contains("\"name\" : \"code-reviewer\"").contains("\"source\"");
    }

    @Test
    @Launch({ "agents", "lookup", "review my pull request for bugs", "--limit", "3" })
    void looksUpTheBestAgents(LaunchResult result) {
        // Under test the log shares the captured output: keep the ranked lines ("   4.213  name  description").
        List<String> hits = result.getOutputStream().stream().filter(l -> l.matches(" *-?\\d+\\.\\d{3}  \\S+ .*")).toList();
        assertThat(hits).hasSizeBetween(1, 3);
        assertThat(hits.getFirst()).contains(" code-reviewer ");
    }

    @Test
    @Launch(value = { "agents", "lookup", "anything", "--limit", "500" }, exitCode = 2)
    void aLookupLimitAboveTheApisIsAUsageError(LaunchResult result) {
        assertThat(errorLines(result)).singleElement().asString().startsWith("agent-runtime: --limit must be between 1 and 50");
    }

    @Test
    @Launch({ "agents", "validate", FIXTURES + "reviewer.md" })
    void aGoodFileIsValid(LaunchResult result) {
        assertThat(result.getOutput()).contains(FIXTURES + "reviewer.md: ok, agent 'reviewer'");
    }

    @Test
    @Launch(value = { "agents", "validate", FIXTURES + "reviewer.md", FIXTURES + "empty-description.md" }, exitCode = 1)
    void aBadFileIsReportedWithItsLine(LaunchResult result) {
        assertThat(result.getOutputStream()).contains(FIXTURES + "empty-description.md:3: description is empty "
                + "(dropped: the description says when to use the agent and cannot be guessed)");
        assertThat(result.getOutput()).contains(FIXTURES + "reviewer.md: ok");
    }

    @Test
    @Launch(value = { "agents", "validate", FIXTURES + "missing.md" }, exitCode = 1)
    void anUnreadableFileIsAProblem(LaunchResult result) {
        assertThat(result.getOutput()).contains(FIXTURES + "missing.md: cannot read the file");
    }

    @Test
    @Launch(value = { "agents", "frobnicate" }, exitCode = 2)
    void aWrongCommandIsAUsageError(LaunchResult result) {
        assertThat(errorLines(result)).singleElement().asString().startsWith("agent-runtime: Unmatched argument");
    }

    @Test
    void unreachableDatabaseEndsWithCodeFiveAndOneLine(QuarkusMainLauncher launcher) {
        System.setProperty("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/agentruntime");
        LaunchResult result;
        try {
            result = launcher.launch("agents", "list");
        } finally {
            System.clearProperty("quarkus.datasource.jdbc.url");
        }
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(errorLines(result)).singleElement().asString()
                .startsWith("agent-runtime: database unreachable: Connection to 127.0.0.1:1 refused");
        // Under test the log shares the captured standard output; what matters is that no stack trace is printed.
        assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    static List<String> errorLines(LaunchResult result) {
        return result.getErrorStream().stream().filter(l -> !l.isBlank()).toList();
    }
}
