package io.agentruntime.task;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.agentruntime.PrometheusText.scrape;
import static io.agentruntime.PrometheusText.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.common.Ids;
import io.agentruntime.session.NewSession;
import io.agentruntime.session.SessionService;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The operations meters of tasks and their provider calls, as Prometheus scrapes them after real tasks. */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class TaskOperationsMetricsTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    SessionService sessions;

    @Inject
    EntityManager em;

    @Test
    void aCompletedTaskCountsWithItsProviderRequestAndTokens() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Fine.");
        String before = scrape();

        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"Check " + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"));

        String after = scrape();
        assertThat(delta(
                        before,
                        after,
                        "agent_runtime_tasks_ended_total",
                        "agent",
                        "sonnet-helper",
                        "model",
                        "claude-sonnet-4-6",
                        "status",
                        "completed"))
                .isEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "agent_runtime_provider_request_seconds_count",
                        "provider",
                        "anthropic",
                        "outcome",
                        "success"))
                .isEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "agent_runtime_tokens_total",
                        "direction",
                        "in",
                        "provider",
                        "anthropic",
                        "model",
                        "claude-sonnet-4-6"))
                .isEqualTo(21);
        assertThat(delta(
                        before,
                        after,
                        "agent_runtime_tokens_total",
                        "direction",
                        "out",
                        "provider",
                        "anthropic",
                        "model",
                        "claude-sonnet-4-6"))
                .isEqualTo(7);
    }

    @Test
    void aProviderFailureCountsAsAFailedTaskAndAnErrorByStatus() {
        String m = Stubs.marker();
        wm.stubFor(
                Stubs.lastMessage(Stubs.ANTHROPIC, m)
                        .atPriority(1)
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}")));
        String before = scrape();

        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"Break " + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(502);

        String after = scrape();
        assertThat(delta(
                        before,
                        after,
                        "agent_runtime_tasks_ended_total",
                        "agent",
                        "sonnet-helper",
                        "model",
                        "claude-sonnet-4-6",
                        "status",
                        "failed"))
                .isEqualTo(1);
        assertThat(delta(
                        before, after, "agent_runtime_provider_errors_total", "provider", "anthropic", "status", "400"))
                .isEqualTo(1);
    }

    @Test
    void queueDepthFollowsTheQueue() {
        String m = Stubs.marker();
        // Longer than the gauge's 5 s between counts, so that a count falls while the second task waits.
        wm.stubFor(Stubs.lastMessage(Stubs.ANTHROPIC, m)
                .atPriority(1)
                .willReturn(Stubs.anthropicStreamAnswer(List.of("Slow answer")).withFixedDelay(8000)));
        String session = sessions.create(new NewSession("sonnet-helper", "queue", null))
                .id()
                .toString();
        background(session, "First " + m);
        // Waits behind the first: the session runs one task at a time.
        String second = background(session, "Second " + m);
        given().get("/v1/tasks/" + second).then().body("status", equalTo("queued"));

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> value(scrape(), "agent_runtime_task_queue_depth") >= 1);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/v1/tasks/" + second).then().body("status", equalTo("completed")));
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> value(scrape(), "agent_runtime_task_queue_depth") == 0);
    }

    @Test
    void anExpiredLeaseTakenOverIsCounted() {
        UUID session =
                sessions.create(new NewSession("sonnet-helper", "orphan", null)).id();
        UUID task = Ids.newId();
        double before = value(scrape(), "agent_runtime_lease_takeovers_total");
        // A task its replica was running when it died, on its last attempt: the worker takes it over and fails it.
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("""
                INSERT INTO tasks (id, session_id, agent, model, provider, status, mode, input, tenant, created_by, attempts,
                                   lease_owner, lease_expires_at, created_at, started_at)
                VALUES (:id, :session, 'sonnet-helper', 'claude-sonnet-4-6', 'anthropic', 'running', 'background',
                        'orphaned', 'default', 'anonymous', 3, 'gone-replica', now() - interval '10 seconds', now(), now())
                """)
                        .setParameter("id", task)
                        .setParameter("session", session)
                        .executeUpdate());

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/v1/tasks/" + task).then().body("status", equalTo("failed")));
        assertThat(value(scrape(), "agent_runtime_lease_takeovers_total") - before)
                .isEqualTo(1);
    }

    private static String background(String session, String input) {
        return given().contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + session + "\",\"input\":\"" + input + "\",\"background\":true}")
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    private static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }
}
