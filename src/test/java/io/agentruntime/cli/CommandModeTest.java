package io.agentruntime.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged entry point with arguments: each launch starts the application, runs one command and stops. */
@QuarkusMainTest
class CommandModeTest {

    private static final String FIXTURES = "src/test/resources/cli/";

    @Test
    @Launch({"agents", "list"})
    void listsTheAgentsOneALine(LaunchResult result) {
        assertThat(result.getOutputStream()).anySatisfy(line -> assertThat(line).startsWith("code-reviewer "));
        assertThat(result.getOutputStream()).anySatisfy(line -> assertThat(line).startsWith("api-designer "));
    }

    @Test
    @Launch({"agents", "list", "--output", "json"})
    void listsTheAgentsAsJson(LaunchResult result) {
        assertThat(result.getOutput()).contains("\"name\" : \"code-reviewer\"").contains("\"source\"");
    }

    @Test
    @Launch({"agents", "lookup", "review my pull request for bugs", "--limit", "3"})
    void looksUpTheBestAgents(LaunchResult result) {
        // Under test the log shares the captured output: keep the ranked lines ("   4.213  name  description").
        List<String> hits = result.getOutputStream().stream()
                .filter(l -> l.matches(" *-?\\d+\\.\\d{3}  \\S+ .*"))
                .toList();
        assertThat(hits).hasSizeBetween(1, 3);
        assertThat(hits.getFirst()).contains(" code-reviewer ");
    }

    @Test
    @Launch(
            value = {"agents", "lookup", "anything", "--limit", "500"},
            exitCode = 2)
    void aLookupLimitAboveTheApisIsAUsageError(LaunchResult result) {
        assertThat(errorLines(result))
                .singleElement()
                .asString()
                .startsWith("agent-runtime: --limit must be between 1 and 50");
    }

    @Test
    @Launch({"agents", "validate", FIXTURES + "reviewer.md"})
    void aGoodFileIsValid(LaunchResult result) {
        assertThat(result.getOutput()).contains(FIXTURES + "reviewer.md: ok, agent 'reviewer'");
    }

    @Test
    @Launch(
            value = {"agents", "validate", FIXTURES + "reviewer.md", FIXTURES + "empty-description.md"},
            exitCode = 1)
    void aBadFileIsReportedWithItsLine(LaunchResult result) {
        assertThat(result.getOutputStream())
                .contains(FIXTURES + "empty-description.md:3: description is empty "
                        + "(dropped: the description says when to use the agent and cannot be guessed)");
        assertThat(result.getOutput()).contains(FIXTURES + "reviewer.md: ok");
    }

    @Test
    @Launch(
            value = {"agents", "validate", FIXTURES + "missing.md"},
            exitCode = 1)
    void anUnreadableFileIsAProblem(LaunchResult result) {
        assertThat(result.getOutput()).contains(FIXTURES + "missing.md: cannot read the file");
    }

    @Test
    @Launch(
            value = {"agents", "frobnicate"},
            exitCode = 2)
    void aWrongCommandIsAUsageError(LaunchResult result) {
        assertThat(errorLines(result)).singleElement().asString().startsWith("agent-runtime: Unmatched argument");
    }

    @Test
    @Launch(
            value = {"run", "--agent", "no-such-agent", "--input", "hello"},
            exitCode = 3)
    void runWithAnUnknownAgentEndsWithCodeThree(LaunchResult result) {
        assertThat(errorLines(result))
                .containsExactly(
                        "agent-runtime: unknown agent 'no-such-agent' ('agent-runtime agents list' lists them)");
    }

    @Test
    void runWithoutAnyProviderEndsWithCodeFour(QuarkusMainLauncher launcher) {
        // Empty values switch off whatever ANTHROPIC_* / OPENAI_* variables the machine has.
        LaunchResult result = launch(
                launcher,
                Map.of(
                        "providers.anthropic.api-key",
                        "",
                        "providers.anthropic.base-url",
                        "",
                        "providers.openai.api-key",
                        "",
                        "providers.openai.base-url",
                        ""),
                "run",
                "--agent",
                "code-reviewer",
                "--input",
                "Review this");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(errorLines(result))
                .singleElement()
                .asString()
                .startsWith("agent-runtime: no provider configured: ")
                .contains("ANTHROPIC_API_KEY");
    }

    @Test
    void runPrintsTheAnswerOfTheProvider(QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
        WireMockServer wm = new WireMockServer(options().dynamicPort());
        wm.start();
        try {
            wm.stubFor(post("/v1/messages")
                    .withRequestBody(containing("def greet(name)"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody("""
                            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-6",
                             "content":[{"type":"text","text":"Rename greet to greeting."}],
                             "stop_reason":"end_turn","usage":{"input_tokens":30,"output_tokens":6}}""")));
            Path input = Files.writeString(dir.resolve("greet.py"), "def greet(name):\n    return 'hi ' + name\n");
            LaunchResult result = launch(
                    launcher,
                    Map.of(
                            "providers.anthropic.base-url",
                            wm.baseUrl(),
                            "providers.anthropic.api-key",
                            "sk-ant-cli-test"),
                    "run",
                    "--agent",
                    "code-reviewer",
                    "--input-file",
                    input.toString());

            assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
            assertThat(result.getOutputStream()).contains("Rename greet to greeting.");
            assertThat(errorLines(result)).isEmpty();
            wm.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                    .withHeader("x-api-key", equalTo("sk-ant-cli-test"))
                    .withRequestBody(matchingJsonPath("$.messages[0].content", containing("return 'hi ' + name"))));
        } finally {
            wm.stop();
        }
    }

    @Test
    void unreachableDatabaseEndsWithCodeFiveAndOneLine(QuarkusMainLauncher launcher) {
        LaunchResult result = launch(
                launcher,
                Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/agentruntime"),
                "agents",
                "list");

        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(errorLines(result))
                .singleElement()
                .asString()
                .startsWith("agent-runtime: database unreachable: Connection to 127.0.0.1:1 refused");
        // Under test the log shares the captured standard output; what matters is that no stack trace is printed.
        assertThat(result.getOutput() + result.getErrorOutput())
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    /** Settings for one launch only, as system properties: each launch reads its configuration afresh. */
    private static LaunchResult launch(QuarkusMainLauncher launcher, Map<String, String> settings, String... args) {
        settings.forEach(System::setProperty);
        try {
            return launcher.launch(args);
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
    }

    static List<String> errorLines(LaunchResult result) {
        return result.getErrorStream().stream().filter(l -> !l.isBlank()).toList();
    }
}
