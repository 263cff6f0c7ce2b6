package io.agentruntime.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.auth.AuthMethod;
import io.agentruntime.auth.Caller;
import io.agentruntime.auth.Roles;
import io.agentruntime.auth.TenantScope;
import io.agentruntime.session.NewSession;
import io.agentruntime.session.SessionService;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A Job's run, in process: the {@code run} command through the same command line the artifact builds,
 * against WireMock and the real PostgreSQL; then the task and its session are read over the API, as
 * another client would find them.
 */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class RunCommandTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    CommandLine.IFactory factory;

    @Inject
    ObjectMapper json;

    @Inject
    TenantScope scope;

    @Inject
    SessionService sessions;

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {}

    @Test
    void aJobRunIsStoredAndVisibleThroughTheApi() throws Exception {
        String m = marker();
        answer(m, "The patch trims the name; looks fine.");
        Path patch = dir.resolve("diff.patch");
        Files.writeString(
                patch, "--- a/Greeter.java\n+++ b/Greeter.java\n-return name;\n+return name.trim(); // " + m + "\n");

        Result r = run(
                "run",
                "--agent",
                "sonnet-helper",
                "--input-file",
                patch.toString(),
                "--output",
                "json",
                "--metadata",
                "job=review-42");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode task = json.readTree(r.out());
        assertThat(task.path("status").asText()).isEqualTo("completed");
        String id = task.path("id").asText();
        String session = task.path("sessionId").asText();

        given().get("/v1/tasks/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("agent", equalTo("sonnet-helper"))
                .body("output", equalTo("The patch trims the name; looks fine."))
                .body("input", equalTo(Files.readString(patch)))
                .body("metadata.job", equalTo("review-42"))
                .body("sessionId", equalTo(session));
        // The Job's task is the tenant's it acts as (cli.tenant, by default auth.default-tenant: the tenant of
        // this test's callers), created by the command mode.
        given().get("/v1/sessions/" + session).then().statusCode(200).body("owner", equalTo("command"));
        given().get("/v1/tasks?sessionId=" + session).then().statusCode(200).body("items.id", hasItem(id));
        given().get("/v1/sessions/" + session + "/messages")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].role", equalTo("user"))
                .body("items[0].content", equalTo(Files.readString(patch)))
                .body("items[1].role", equalTo("assistant"))
                .body("items[1].content", equalTo("The patch trims the name; looks fine."))
                .body("items[1].taskId", equalTo(id));
    }

    /** A Job's pod retried after the provider answered: the second run returns the first task, unpaid. */
    @Test
    void aRetriedRunWithTheSameIdempotencyKeyReturnsTheFirstTask() throws Exception {
        String m = marker();
        answer(m, "Reviewed once.");
        String key = "job-" + m;
        String[] args = {
            "run", "--agent", "sonnet-helper", "--input", "review " + m, "--idempotency-key", key, "--output", "json"
        };

        Result first = run(args);
        Result second = run(args);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonNode a = json.readTree(first.out());
        JsonNode b = json.readTree(second.out());
        assertThat(b.path("id").asText()).isEqualTo(a.path("id").asText());
        assertThat(b.path("output").asText()).isEqualTo("Reviewed once.");
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/messages")).withRequestBody(containing(m)));
        assertThat(given().get("/v1/sessions/" + a.path("sessionId").asText() + "/messages")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items"))
                .hasSize(2);
    }

    @Test
    void aSecondRunContinuesTheSessionAndPrintsOnlyTheAnswer() throws Exception {
        String first = marker();
        answer(first, "First answer.");
        String session = json.readTree(
                        run("run", "--agent", "sonnet-helper", "--input", "Start " + first, "--output", "json")
                                .out())
                .path("sessionId")
                .asText();
        String second = marker();
        answer(second, "Second answer.");

        Result r = run("run", "--session", session, "--input", "Go on " + second);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Second answer." + System.lineSeparator());
        assertThat(r.err()).isEmpty();
        // The history went to the model with the new turn.
        wm.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Start " + first)))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("First answer.")))
                .withRequestBody(matchingJsonPath("$.messages[2].content", containing("Go on " + second))));
        given().get("/v1/sessions/" + session + "/messages").then().body("items.size()", equalTo(4));
    }

    @Test
    void theInputComesFromStandardInputWhenNoneIsGiven() throws Exception {
        String m = marker();
        answer(m, "Read from stdin.");
        InputStream stdin = System.in;
        Result r;
        try {
            // As in `git diff | agent-runtime run --agent sonnet-helper`.
            System.setIn(new ByteArrayInputStream(("piped " + m + "\n").getBytes(StandardCharsets.UTF_8)));
            r = run("run", "--agent", "sonnet-helper", "--output", "json");
        } finally {
            System.setIn(stdin);
        }

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode task = json.readTree(r.out());
        assertThat(task.path("input").asText()).isEqualTo("piped " + m + "\n");
        assertThat(task.path("output").asText()).isEqualTo("Read from stdin.");
    }

    @Test
    void withoutAnAgentTheLookupChoosesOne() throws Exception {
        String m = marker();
        answer(m, "Add an index on orders(customer_id).");

        Result r = run(
                "run",
                "--input",
                "Why is my PostgreSQL query doing a sequential scan instead of using the index? " + m,
                "--output",
                "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode task = json.readTree(r.out());
        assertThat(task.path("agent").asText()).isEqualTo("postgres-tuner");
        assertThat(task.path("lookup").path("agent").asText()).isEqualTo("postgres-tuner");
        assertThat(task.path("output").asText()).isEqualTo("Add an index on orders(customer_id).");
    }

    @Test
    void aProviderFailureEndsWithCodeFourAndOneLine() {
        String m = marker();
        wm.stubFor(
                post("/v1/messages")
                        .withRequestBody(containing(m))
                        .atPriority(1)
                        .willReturn(
                                aResponse()
                                        .withStatus(500)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}")));

        Result r = run("run", "--agent", "sonnet-helper", "--input", "Fail " + m);

        assertThat(r.exitCode()).isEqualTo(ExitCode.PROVIDER);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("agent-runtime: provider error: ")
                .contains("anthropic")
                .doesNotContain("Internal server error");
    }

    @Test
    void anUnknownSessionEndsWithCodeThree() {
        UUID id = UUID.randomUUID();

        Result r = run("run", "--session", id.toString(), "--input", "hello");

        assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(r.err()).isEqualTo("agent-runtime: unknown session '" + id + "'" + System.lineSeparator());
    }

    @Test
    void anotherTenantsSessionIsAsUnknownAsAMissingOne() throws Exception {
        UUID theirs = scope.runAs(
                new Caller("another-tenant", "someone", Roles.of(Roles.CALLER), AuthMethod.API_KEY),
                () -> sessions.create(new NewSession("sonnet-helper", "theirs", null))
                        .id());

        Result r = run("run", "--session", theirs.toString(), "--input", "hello");

        assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(r.err()).isEqualTo("agent-runtime: unknown session '" + theirs + "'" + System.lineSeparator());
        assertThat(scope.runAs(
                        new Caller("another-tenant", "someone", Roles.of(Roles.CALLER), AuthMethod.API_KEY),
                        () -> sessions.find(theirs).orElseThrow().messageCount()))
                .isZero();
    }

    @Test
    void blankInputIsAUsageError() {
        Result r = run("run", "--agent", "sonnet-helper", "--input", "  ");

        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().lines().toList())
                .singleElement()
                .asString()
                .isEqualTo("agent-runtime: input: must not be blank");
    }

    @Test
    void anUnreadableInputFileIsAUsageError() {
        Result r = run(
                "run",
                "--agent",
                "sonnet-helper",
                "--input-file",
                dir.resolve("missing.patch").toString());

        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("agent-runtime: cannot read input file '" + dir.resolve("missing.patch") + "'");
    }

    @Test
    void inputAndInputFileExcludeEachOther() {
        Result r = run("run", "--input", "a", "--input-file", "b");

        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void optionsWithoutACommandAreAUsageError() {
        Result r = run("--verbose");

        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("agent-runtime: Missing required subcommand");
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = AgentRuntimeCommand.commandLine(factory);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String marker() {
        return "cli-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An Anthropic Messages answer to requests whose newest turn carries the marker. */
    private void answer(String marker, String text) throws Exception {
        wm.stubFor(post("/v1/messages")
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.messages[-1:].content", containing(marker)))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(json.writeValueAsString(java.util.Map.of(
                                "id",
                                "msg_cli",
                                "type",
                                "message",
                                "role",
                                "assistant",
                                "model",
                                "claude-sonnet-4-6",
                                "stop_reason",
                                "end_turn",
                                "content",
                                List.of(java.util.Map.of("type", "text", "text", text)),
                                "usage",
                                java.util.Map.of("input_tokens", 9, "output_tokens", 4))))));
    }
}
