package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.client.ApiClient;
import io.agentruntime.client.ApiException;
import io.agentruntime.client.ApiResponse;
import io.agentruntime.client.api.AgentsApi;
import io.agentruntime.client.api.SessionsApi;
import io.agentruntime.client.api.TasksApi;
import io.agentruntime.client.model.Agent;
import io.agentruntime.client.model.AgentSummary;
import io.agentruntime.client.model.AgentValidation;
import io.agentruntime.client.model.ContinueRequest;
import io.agentruntime.client.model.CreateSession;
import io.agentruntime.client.model.ForkSession;
import io.agentruntime.client.model.LookupHit;
import io.agentruntime.client.model.LookupRequest;
import io.agentruntime.client.model.Message;
import io.agentruntime.client.model.Problem;
import io.agentruntime.client.model.Session;
import io.agentruntime.client.model.Task;
import io.agentruntime.client.model.TaskRequest;
import io.agentruntime.client.model.TaskStatus;
import io.agentruntime.deploy.EmbeddedPostgresResource;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java client that openapi-generator (library okhttp-gson, its default) makes from the document this
 * build wrote, used unedited against the packaged app for the whole flow. Its models reject a response
 * with a field the document does not declare or without one it says is required, so this also holds
 * the document to what the server really answers.
 */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(ProviderWireMock.class)
class GeneratedClientIT {

    static final String AGENT = "sonnet-helper";
    static final String FILE = """
            ---
            name: reviewer
            description: Use this agent to review pull requests.
            model: sonnet
            ---

            You review pull requests for correctness first, readability second.
            """;

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    AgentsApi agents;
    SessionsApi sessions;
    TasksApi tasks;

    @BeforeEach
    void clients() {
        ApiClient client = new ApiClient().setBasePath("http://localhost:" + RestAssured.port);
        client.setReadTimeout(60_000);
        agents = new AgentsApi(client);
        sessions = new SessionsApi(client);
        tasks = new TasksApi(client);
    }

    @Test
    void catalogLookupAndValidation() throws ApiException {
        List<String> names = agents.listAgents(null, 100, null, null, null).getItems().stream()
                .map(AgentSummary::getName)
                .toList();
        assertThat(names).contains(AGENT, "postgres-tuner");

        Agent agent = agents.getAgent(AGENT);
        assertThat(agent.getSystemPrompt()).contains("sonnet helper");
        assertThat(agent.getModel()).isEqualTo("sonnet");

        List<LookupHit> hits = agents.lookupAgents(
                        new LookupRequest().query("vacuum and index tuning for a slow PostgreSQL query"))
                .getItems();
        assertThat(hits).isNotEmpty();
        assertThat(hits.getFirst().getName()).isEqualTo("postgres-tuner");

        // Sent as the file itself (text/markdown), not as a JSON string.
        AgentValidation valid = agents.validateAgent(FILE, "reviewer.md");
        assertThat(valid.getValid()).isTrue();
        assertThat(valid.getAgent().getName()).isEqualTo("reviewer");
        AgentValidation invalid = agents.validateAgent("---\nname: x\n---\nno description\n", null);
        assertThat(invalid.getValid()).isFalse();
        assertThat(invalid.getProblems()).isNotEmpty();
    }

    @Test
    void wholeSessionFlow() throws Exception {
        String team = "team-" + UUID.randomUUID();
        Session session = sessions.createSession(
                new CreateSession().agent(AGENT).title("Generated client").metadata(Map.of("team", team)));
        String sessionId = session.getId().toString();
        assertThat(sessions.getSession(sessionId).getTitle()).isEqualTo("Generated client");
        // The metadata filter as a generated client sends it: metadata=key:value.
        assertThat(sessions.listSessions(null, null, 20, List.of("team:" + team))
                        .getItems())
                .extracting(Session::getId)
                .containsExactly(session.getId());
        assertThat(sessions.listSessions(null, null, 20, List.of("team:nobody-" + team))
                        .getItems())
                .isEmpty();

        // Blocking.
        String m1 = Stubs.marker();
        Stubs.anthropic(wm, m1, "A blocking answer.");
        Task blocking = tasks.createTask(
                new TaskRequest().agent(AGENT).sessionId(session.getId()).input("First " + m1), null, null);
        assertThat(blocking.getStatus()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(blocking.getOutput()).isEqualTo("A blocking answer.");
        assertThat(blocking.getUsage().getOutputTokens()).isEqualTo(7);

        // Background with Prefer and Idempotency-Key: 202, and a retry is the same task.
        String m2 = Stubs.marker();
        Stubs.anthropicStream(wm, m2, List.of("Later ", "answer."));
        TaskRequest background =
                new TaskRequest().agent(AGENT).sessionId(session.getId()).input("Second " + m2);
        String key = "gen-" + UUID.randomUUID();
        ApiResponse<Task> accepted = tasks.createTaskWithHttpInfo(background, key, "respond-async");
        assertThat(accepted.getStatusCode()).isEqualTo(202);
        assertThat(accepted.getHeaders().get("location"))
                .singleElement()
                .asString()
                .endsWith("/v1/tasks/" + accepted.getData().getId());
        Task retried = tasks.createTask(background, key, "respond-async");
        assertThat(retried.getId()).isEqualTo(accepted.getData().getId());

        // Its events as a stream, read event by event through the generated call.
        List<String> events =
                events(tasks.streamTaskEventsCall(accepted.getData().getId().toString(), null, null, null));
        assertThat(events).first().isEqualTo("task");
        assertThat(events).contains("delta").last().isEqualTo("done");
        assertThat(tasks.getTask(accepted.getData().getId().toString()).getOutput())
                .isEqualTo("Later answer.");
        assertThat(Stubs.requests(wm, Stubs.ANTHROPIC, m2)).hasSize(1);

        // Continue, then the stored messages (a user message's usage is null, and that validates).
        String m3 = Stubs.marker();
        Stubs.anthropic(wm, m3, "Continued.");
        Task next = sessions.continueSession(sessionId, new ContinueRequest().input("Third " + m3), null, null);
        assertThat(next.getOutput()).isEqualTo("Continued.");
        assertThat(next.getSessionId()).isEqualTo(session.getId());
        List<Message> messages =
                sessions.listSessionMessages(sessionId, null, 100).getItems();
        assertThat(messages)
                .extracting(Message::getRole)
                .containsExactly(
                        Message.RoleEnum.USER,
                        Message.RoleEnum.ASSISTANT,
                        Message.RoleEnum.USER,
                        Message.RoleEnum.ASSISTANT,
                        Message.RoleEnum.USER,
                        Message.RoleEnum.ASSISTANT);
        assertThat(messages.getFirst().getUsage()).isNull();
        assertThat(messages.getLast().getContent()).isEqualTo("Continued.");

        // A task created as a stream: its own operation, answered text/event-stream.
        String m4 = Stubs.marker();
        Stubs.anthropicStream(wm, m4, List.of("Streamed ", "too."));
        String stream = tasks.createTaskStream(
                new TaskRequest().agent(AGENT).sessionId(session.getId()).input("Fourth " + m4), null);
        assertThat(stream).containsPattern("(?m)^event: ?task$").containsPattern("(?m)^event: ?done$");
        assertThat(stream).contains("\"output\":\"Streamed too.\"");

        // Fork, delete, and a 404 read as a typed problem.
        Session fork = sessions.forkSession(sessionId, new ForkSession());
        assertThat(fork.getMessageCount()).isEqualTo(8);
        sessions.deleteSession(fork.getId().toString());
        Problem gone = problem(() -> sessions.getSession(fork.getId().toString()), 404);
        assertThat(gone.getType()).isEqualTo("https://agent-runtime.dev/problems/not-found");
        assertThat(gone.getDetail()).contains(fork.getId().toString());
        assertThat(sessions.getSession(sessionId).getMessageCount()).isEqualTo(8);
    }

    @Test
    void cancelARunningTask() throws ApiException {
        String m = Stubs.marker();
        Stubs.anthropicSlowStream(wm, m, "w", 40, 40_000);
        Task queued = tasks.createTask(
                new TaskRequest().agent(AGENT).input("Slow " + m).background(true), null, null);
        String id = queued.getId().toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> tasks.getTask(id).getStatus() == TaskStatus.RUNNING);
        Task canceling = tasks.cancelTask(id);
        assertThat(canceling.getStatus()).isIn(TaskStatus.RUNNING, TaskStatus.CANCELED);
        await().atMost(Duration.ofSeconds(30)).until(() -> tasks.getTask(id).getStatus() == TaskStatus.CANCELED);
        Problem ended = problem(() -> tasks.cancelTask(id), 409);
        assertThat(ended.getStatus()).isEqualTo(409);
    }

    @Test
    void badInputIsATypedProblem() {
        Problem badId = problem(() -> tasks.getTask("not-a-uuid"), 400);
        assertThat(badId.getType()).isEqualTo("https://agent-runtime.dev/problems/validation");
        assertThat(badId.getErrors())
                .singleElement()
                .satisfies(e -> assertThat(e.getField()).isEqualTo("id"));
        Problem blank =
                problem(() -> tasks.createTask(new TaskRequest().agent(AGENT).input(" "), null, null), 400);
        assertThat(blank.getErrors()).extracting(e -> e.getField()).contains("input");
        Problem noAgent = problem(() -> agents.getAgent("no-such-agent"), 404);
        assertThat(noAgent.getTitle()).isEqualTo("Not found");
    }

    /** What generated clients send: problem+json alone or first never gets a 406, nor does a DELETE. */
    @Test
    void acceptingProblemsNeverFailsNegotiation() {
        for (String accept : List.of("application/problem+json", "application/problem+json, application/json")) {
            given().accept(accept).get("/v1/sessions").then().statusCode(200).contentType("application/json");
            given().accept(accept)
                    .get("/v1/agents/" + AGENT)
                    .then()
                    .statusCode(200)
                    .contentType("application/json");
            given().accept(accept)
                    .get("/v1/sessions/" + UUID.randomUUID())
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        String id = given().contentType("application/json")
                .body("{\"agent\":\"" + AGENT + "\"}")
                .post("/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().accept("text/html").delete("/v1/sessions/" + id).then().statusCode(204);
        given().accept("text/html")
                .delete("/v1/sessions/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        // A client that asks for JSON only still cannot have an event stream.
        given().accept("application/json")
                .get("/v1/tasks/" + UUID.randomUUID() + "/events")
                .then()
                .statusCode(406)
                .contentType("application/problem+json");
    }

    /** The event names of an SSE answer, read line by line as they arrive, until the stream ends. */
    private static List<String> events(Call call) throws IOException {
        List<String> names = new ArrayList<>();
        try (Response response = call.execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/event-stream");
            BufferedSource body = response.body().source();
            String line;
            while ((line = body.readUtf8Line()) != null) {
                if (line.startsWith("event:")) {
                    names.add(line.substring("event:".length()).strip());
                }
            }
        }
        return names;
    }

    interface ClientCall {
        void run() throws ApiException;
    }

    /** The problem a call answered with, read with the generated model. */
    private static Problem problem(ClientCall call, int status) {
        ApiException e = catchThrowableOfType(ApiException.class, call::run);
        assertThat(e).as("an ApiException").isNotNull();
        assertThat(e.getCode()).isEqualTo(status);
        assertThat(e.getResponseHeaders().get("content-type"))
                .singleElement()
                .asString()
                .startsWith("application/problem+json");
        try {
            Problem problem = Problem.fromJson(e.getResponseBody());
            assertThat(problem.getStatus()).isEqualTo(status);
            return problem;
        } catch (IOException io) {
            throw new AssertionError("not a Problem: " + e.getResponseBody(), io);
        }
    }
}
