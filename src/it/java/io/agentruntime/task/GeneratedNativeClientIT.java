package io.agentruntime.task;

import static io.agentruntime.task.GeneratedClientIT.AGENT;
import static io.agentruntime.task.GeneratedClientIT.FILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.client.nativehttp.ApiClient;
import io.agentruntime.client.nativehttp.ApiException;
import io.agentruntime.client.nativehttp.ApiResponse;
import io.agentruntime.client.nativehttp.api.AgentsApi;
import io.agentruntime.client.nativehttp.api.SessionsApi;
import io.agentruntime.client.nativehttp.api.TasksApi;
import io.agentruntime.client.nativehttp.model.AgentSummary;
import io.agentruntime.client.nativehttp.model.AgentValidation;
import io.agentruntime.client.nativehttp.model.ContinueRequest;
import io.agentruntime.client.nativehttp.model.CreateSession;
import io.agentruntime.client.nativehttp.model.ForkSession;
import io.agentruntime.client.nativehttp.model.LookupRequest;
import io.agentruntime.client.nativehttp.model.Message;
import io.agentruntime.client.nativehttp.model.Problem;
import io.agentruntime.client.nativehttp.model.Session;
import io.agentruntime.client.nativehttp.model.Task;
import io.agentruntime.client.nativehttp.model.TaskRequest;
import io.agentruntime.client.nativehttp.model.TaskStatus;
import io.agentruntime.deploy.EmbeddedPostgresResource;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same whole flow as {@link GeneratedClientIT}, with the Java client openapi-generator makes with
 * library {@code native} (java.net.http + Jackson), used unedited. This client sends
 * {@code Accept: application/problem+json} where an operation answers nothing but problems (DELETE), so
 * it holds the server to content negotiation that never answers such a client 406.
 */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(ProviderWireMock.class)
class GeneratedNativeClientIT {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    AgentsApi agents;
    SessionsApi sessions;
    TasksApi tasks;

    /** Event names read by the streaming client's response interceptor, as the events arrive. */
    final List<String> streamed = new ArrayList<>();

    TasksApi streamingTasks;

    @BeforeEach
    void clients() {
        agents = new AgentsApi(client());
        sessions = new SessionsApi(client());
        tasks = new TasksApi(client());
        // The native client reads an answer whole and parses it as JSON, which an event stream is not:
        // its response interceptor sees the body first, reads it line by line as it arrives and leaves
        // the generated call an empty body (which it answers with null).
        streamingTasks = new TasksApi(client().setResponseInterceptor(this::readEvents));
    }

    private static ApiClient client() {
        ApiClient client = new ApiClient().setReadTimeout(Duration.ofSeconds(60));
        // This library's setBasePath is only the path; the whole base URI is set this way.
        client.updateBaseUri("http://localhost:" + RestAssured.port);
        return client;
    }

    @Test
    void catalogLookupAndValidation() throws ApiException {
        assertThat(agents.listAgents(null, 100, null, null, null).getItems())
                .extracting(AgentSummary::getName)
                .contains(AGENT, "postgres-tuner");
        assertThat(agents.getAgent(AGENT).getSystemPrompt()).contains("sonnet helper");
        assertThat(agents.lookupAgents(new LookupRequest().query("vacuum and index tuning for a slow PostgreSQL query"))
                        .getItems()
                        .getFirst()
                        .getName())
                .isEqualTo("postgres-tuner");
        AgentValidation valid = agents.validateAgent(FILE, "reviewer.md");
        assertThat(valid.getValid()).isTrue();
        assertThat(valid.getAgent().getName()).isEqualTo("reviewer");
        assertThat(agents.validateAgent("---\nname: x\n---\nno description\n", null)
                        .getValid())
                .isFalse();
    }

    @Test
    void wholeSessionFlow() throws Exception {
        String team = "team-" + UUID.randomUUID();
        Session session = sessions.createSession(
                new CreateSession().agent(AGENT).title("Native client").metadata(Map.of("team", team)));
        String sessionId = session.getId().toString();
        assertThat(sessions.listSessions(null, null, 20, List.of("team:" + team))
                        .getItems())
                .extracting(Session::getId)
                .containsExactly(session.getId());

        String m1 = Stubs.marker();
        Stubs.anthropic(wm, m1, "A blocking answer.");
        Task blocking = tasks.createTask(
                new TaskRequest().agent(AGENT).sessionId(session.getId()).input("First " + m1), null, null);
        assertThat(blocking.getStatus()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(blocking.getOutput()).isEqualTo("A blocking answer.");

        String m2 = Stubs.marker();
        Stubs.anthropicStream(wm, m2, List.of("Later ", "answer."));
        TaskRequest background =
                new TaskRequest().agent(AGENT).sessionId(session.getId()).input("Second " + m2);
        String key = "native-" + UUID.randomUUID();
        ApiResponse<Task> accepted = tasks.createTaskWithHttpInfo(background, key, "respond-async");
        assertThat(accepted.getStatusCode()).isEqualTo(202);
        String taskId = accepted.getData().getId().toString();
        assertThat(accepted.getHeaders().get("location"))
                .singleElement()
                .asString()
                .endsWith("/v1/tasks/" + taskId);
        assertThat(tasks.createTask(background, key, "respond-async").getId())
                .isEqualTo(accepted.getData().getId());

        assertThat(streamingTasks.streamTaskEvents(taskId, null, null)).isNull();
        assertThat(streamed).first().isEqualTo("task");
        assertThat(streamed).contains("delta").last().isEqualTo("done");
        assertThat(tasks.getTask(taskId).getOutput()).isEqualTo("Later answer.");

        String m3 = Stubs.marker();
        Stubs.anthropic(wm, m3, "Continued.");
        Task next = sessions.continueSession(sessionId, new ContinueRequest().input("Third " + m3), null, null);
        assertThat(next.getOutput()).isEqualTo("Continued.");
        List<Message> messages =
                sessions.listSessionMessages(sessionId, null, 100).getItems();
        assertThat(messages).hasSize(6);
        assertThat(messages.getFirst().getRole()).isEqualTo(Message.RoleEnum.USER);
        assertThat(messages.getFirst().getUsage()).isNull();
        assertThat(messages.getLast().getContent()).isEqualTo("Continued.");

        // A task created as a stream, its own operation, read the same way.
        String m4 = Stubs.marker();
        Stubs.anthropicStream(wm, m4, List.of("Streamed ", "too."));
        streamed.clear();
        assertThat(streamingTasks.createTaskStream(
                        new TaskRequest()
                                .agent(AGENT)
                                .sessionId(session.getId())
                                .input("Fourth " + m4),
                        null))
                .isNull();
        assertThat(streamed).first().isEqualTo("task");
        assertThat(streamed).last().isEqualTo("done");

        // Fork, delete (the call the issue saw fail), and a 404 read as a typed problem.
        Session fork = sessions.forkSession(sessionId, new ForkSession());
        assertThat(fork.getMessageCount()).isEqualTo(8);
        sessions.deleteSession(fork.getId().toString());
        Problem gone = problem(() -> sessions.getSession(fork.getId().toString()), 404);
        assertThat(gone.getType()).isEqualTo("https://agent-runtime.dev/problems/not-found");
        assertThat(sessions.getSession(sessionId).getMessageCount()).isEqualTo(8);
    }

    @Test
    void cancelARunningTask() throws ApiException {
        String m = Stubs.marker();
        Stubs.anthropicSlowStream(wm, m, "w", 40, 40_000);
        String id = tasks.createTask(
                        new TaskRequest().agent(AGENT).input("Slow " + m).background(true), null, null)
                .getId()
                .toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> tasks.getTask(id).getStatus() == TaskStatus.RUNNING);
        assertThat(tasks.cancelTask(id).getStatus()).isIn(TaskStatus.RUNNING, TaskStatus.CANCELED);
        await().atMost(Duration.ofSeconds(30)).until(() -> tasks.getTask(id).getStatus() == TaskStatus.CANCELED);
        assertThat(problem(() -> tasks.cancelTask(id), 409).getStatus()).isEqualTo(409);
    }

    @Test
    void badInputIsATypedProblem() {
        Problem badId = problem(() -> tasks.getTask("not-a-uuid"), 400);
        assertThat(badId.getType()).isEqualTo("https://agent-runtime.dev/problems/validation");
        assertThat(badId.getErrors())
                .singleElement()
                .satisfies(e -> assertThat(e.getField()).isEqualTo("id"));
        assertThat(problem(() -> agents.getAgent("no-such-agent"), 404).getTitle())
                .isEqualTo("Not found");
    }

    private void readEvents(HttpResponse<InputStream> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        // Not closed here: the generated call reads (nothing) and closes the body after this.
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event:")) {
                    streamed.add(line.substring("event:".length()).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface ClientCall {
        void run() throws ApiException;
    }

    /** The problem a call answered with, read with the generated model and the client's own mapper. */
    private Problem problem(ClientCall call, int status) {
        ApiException e = catchThrowableOfType(ApiException.class, call::run);
        assertThat(e).as("an ApiException").isNotNull();
        assertThat(e.getCode()).isEqualTo(status);
        assertThat(e.getResponseHeaders().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        try {
            Problem problem = client().getObjectMapper().readValue(e.getResponseBody(), Problem.class);
            assertThat(problem.getStatus()).isEqualTo(status);
            return problem;
        } catch (IOException io) {
            throw new AssertionError("not a Problem: " + e.getResponseBody(), io);
        }
    }
}
