package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.common.Ids;
import io.agentruntime.session.NewMessage;
import io.agentruntime.session.NewSession;
import io.agentruntime.session.SessionService;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class BackgroundTaskTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    ObjectMapper json;

    @Inject
    SessionService sessions;

    @Inject
    EntityManager em;

    @TestHTTPResource("/v1/tasks")
    URI tasks;

    @Test
    void backgroundTaskOnAnthropicWithPolling() {
        String m = Stubs.marker();
        Stubs.anthropicStream(wm, m, List.of("Done ", "later."));

        Response accepted = given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"Work " + m + "\",\"background\":true}")
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .header("Location", containsString("/v1/tasks/"))
                .header("Retry-After", "1")
                .body("status", equalTo("queued"))
                .body("mode", equalTo("background"))
                .extract()
                .response();
        String location = URI.create(accepted.header("Location")).getPath();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> given().get(location).then().statusCode(200).body("status", equalTo("completed")));
        given().get(location)
                .then()
                .body("output", equalTo("Done later."))
                .body("attempts", equalTo(1))
                .body("usage.outputTokens", equalTo(6));
    }

    @Test
    void backgroundTaskOnOpenAiThroughPreferRespondAsync() throws Exception {
        String m = Stubs.marker();
        Stubs.openaiStream(wm, m, List.of("Queued ", "answer"));

        Response accepted = given().contentType(ContentType.JSON)
                .header("Prefer", "respond-async, wait=5")
                .body("{\"agent\":\"gpt-helper\",\"input\":\"Work " + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .header("Preference-Applied", "respond-async")
                .body("status", equalTo("queued"))
                .extract()
                .response();
        String id = accepted.path("id");

        // Following the events of a background task from the start gives its whole story.
        List<SseClient.Event> events;
        try (SseClient sse = SseClient.get(URI.create(tasks + "/" + id + "/events"), Map.of())) {
            events = sse.rest();
        }
        assertThat(events)
                .extracting(SseClient.Event::event)
                .containsExactly("task", "task", "delta", "delta", "usage", "done");
        assertThat(json.readTree(events.get(0).data()).get("status").asText()).isEqualTo("queued");
        assertThat(json.readTree(events.get(1).data()).get("status").asText()).isEqualTo("running");
        assertThat(json.readTree(events.get(5).data()).get("output").asText()).isEqualTo("Queued answer");
        given().get("/v1/tasks/" + id)
                .then()
                .body("status", equalTo("completed"))
                .body("provider", equalTo("openai"));
    }

    @Test
    void twoTasksOnOneSessionRunInOrderWhenEnqueued() throws Exception {
        String m1 = Stubs.marker();
        String m2 = Stubs.marker();
        Stubs.anthropicAfter(wm, m1, "Slow first answer", 1500);
        Stubs.anthropic(wm, m2, "Second answer");
        String session = newSession();

        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + session + "\",\"input\":\"First " + m1 + "\"}")
                .post("/v1/tasks"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !Stubs.requests(wm, Stubs.ANTHROPIC, m1).isEmpty());

        // While the first runs, a reject is refused and an enqueue waits for its turn.
        given().contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + session + "\",\"input\":\"Rejected\",\"ifBusy\":\"reject\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(session));
        Response second = given().contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + session + "\",\"input\":\"Second " + m2 + "\",\"ifBusy\":\"enqueue\"}")
                .post("/v1/tasks");
        Response firstDone = first.get();

        firstDone.then().statusCode(200).body("status", equalTo("completed"));
        second.then().statusCode(200).body("status", equalTo("completed")).body("output", equalTo("Second answer"));
        Instant firstFinished = Instant.parse(firstDone.path("finishedAt"));
        Instant secondStarted = Instant.parse(second.path("startedAt"));
        assertThat(secondStarted).isAfterOrEqualTo(firstFinished);
        // The second turn saw the first one's answer.
        JsonNode sent =
                json.readTree(Stubs.requests(wm, Stubs.ANTHROPIC, m2).get(0).getBodyAsString());
        assertThat(sent.get("messages").findValuesAsText("content"))
                .containsExactly("First " + m1, "Slow first answer", "Second " + m2);
        given().get("/v1/tasks?sessionId=" + session).then().body("items.size()", equalTo(2));
    }

    @Test
    void expiredLeaseIsTakenOverByTheWorker() throws Exception {
        String m = Stubs.marker();
        Stubs.anthropicStream(wm, m, List.of("Recovered"));
        UUID session = UUID.fromString(newSession());
        UUID task = Ids.newId();
        QuarkusTransaction.requiringNew().run(() -> {
            insertRunning(task, session, "Orphan " + m, 1);
            // The dead replica had committed the user message before it died.
            sessions.append(session, new NewMessage("user", "Orphan " + m, null, null, null, task));
        });

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/v1/tasks/" + task).then().body("status", equalTo("completed")));
        given().get("/v1/tasks/" + task).then().body("attempts", equalTo(2)).body("output", equalTo("Recovered"));
        // The question was sent once, not twice, and not stored twice.
        JsonNode sent =
                json.readTree(Stubs.requests(wm, Stubs.ANTHROPIC, m).get(0).getBodyAsString());
        assertThat(sent.get("messages").findValuesAsText("content")).containsExactly("Orphan " + m);
        given().get("/v1/sessions/" + session + "/messages")
                .then()
                .body("items.size()", equalTo(2))
                .body("items[1].content", equalTo("Recovered"));
    }

    @Test
    void expiredLeaseAfterTheLastAttemptFailsTheTask() {
        UUID session = UUID.fromString(newSession());
        UUID task = Ids.newId();
        QuarkusTransaction.requiringNew().run(() -> insertRunning(task, session, "Doomed", 3));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/v1/tasks/" + task).then().body("status", equalTo("failed")));
        given().get("/v1/tasks/" + task)
                .then()
                .body("error.kind", equalTo("lease_expired"))
                .body("error.detail", containsString("lease expired after 3 attempts"))
                .body("finishedAt", notNullValue());
    }

    @Test
    void queuedTaskCanBeCanceledBeforeItRuns() {
        String m1 = Stubs.marker();
        wm.stubFor(Stubs.lastMessage(Stubs.ANTHROPIC, m1)
                .atPriority(1)
                .willReturn(Stubs.anthropicStreamAnswer(List.of("slow")).withFixedDelay(1500)));
        String session = newSession();
        given().contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + session + "\",\"input\":\"" + m1 + "\",\"background\":true}")
                .post("/v1/tasks")
                .then()
                .statusCode(202);
        String queued = given().contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + session + "\",\"input\":\"never runs\",\"background\":true}")
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        given().post("/v1/tasks/" + queued + "/cancel").then().statusCode(200).body("status", equalTo("canceled"));
        given().post("/v1/tasks/" + queued + "/cancel").then().statusCode(409);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/v1/tasks?sessionId=" + session + "&status=completed")
                        .then()
                        .body("items.size()", equalTo(1)));
        given().get("/v1/tasks/" + queued)
                .then()
                .body("status", equalTo("canceled"))
                .body("startedAt", org.hamcrest.Matchers.nullValue());
    }

    private String newSession() {
        return sessions.create(new NewSession("sonnet-helper", "test", null))
                .id()
                .toString();
    }

    private void insertRunning(UUID task, UUID session, String input, int attempts) {
        em.createNativeQuery("""
                INSERT INTO tasks (id, session_id, agent, model, provider, status, mode, input, tenant, created_by, attempts,
                                   lease_owner, lease_expires_at, created_at, started_at)
                VALUES (:id, :session, 'sonnet-helper', 'claude-sonnet-4-6', 'anthropic', 'running', 'background', :input,
                        'default', 'anonymous', :attempts, 'dead-replica', now() - interval '1 minute', now() - interval '2 minutes',
                        now() - interval '2 minutes')
                """)
                .setParameter("id", task)
                .setParameter("session", session)
                .setParameter("input", input)
                .setParameter("attempts", attempts)
                .executeUpdate();
    }
}
