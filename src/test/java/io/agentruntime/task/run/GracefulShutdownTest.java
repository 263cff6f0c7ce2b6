package io.agentruntime.task.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.task.Stubs;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.store.TaskStore;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A stopping replica lets its running tasks finish within the grace period, hands the others back
 * to the queue and claims nothing new. Runs in its own application (it stops the task machinery).
 */
@QuarkusTest
@TestProfile(GracefulShutdownTest.ShortGrace.class)
@WithTestResource(ProviderWireMock.class)
class GracefulShutdownTest {

    public static class ShortGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tasks.shutdown-grace-period", "6s");
        }
    }

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    TaskExecutor executor;

    @Inject
    TaskWorker worker;

    @Inject
    TaskStore store;

    @Test
    void finishesWhatFitsTheGracePeriodAndHandsBackTheRest() {
        String quick = Stubs.marker();
        String slow = Stubs.marker();
        String later = Stubs.marker();
        // The quick task outlives the claim of the other on a loaded machine, yet fits the grace period.
        Stubs.anthropicSlowStream(wm, quick, "q", 3, 3_000);
        Stubs.anthropicSlowStream(wm, slow, "s", 20, 60_000);
        Stubs.anthropic(wm, later, "never");
        String slowId = background("Slow " + slow);
        await().atMost(Duration.ofSeconds(20)).until(() -> executor.runningCount() == 1);
        String quickId = background("Quick " + quick);
        await().atMost(Duration.ofSeconds(20)).until(() -> executor.runningCount() == 2);

        worker.onStop(null);
        executor.onStop(null);

        given().get("/v1/tasks/" + quickId).then().body("status", equalTo("completed"));
        given().get("/v1/tasks/" + slowId)
                .then()
                .body("status", equalTo("queued"))
                .body("attempts", equalTo(1))
                .body("output", nullValue());
        // The slow task's followers learn that it starts over elsewhere: its last event is a queued task.
        List<TaskEvent> events = store.eventsAfter(UUID.fromString(slowId), 0, 1000);
        TaskEvent last = events.get(events.size() - 1);
        assertThat(last.kind()).isEqualTo(TaskEvent.Kind.TASK);
        assertThat(last.data()).containsEntry("status", "queued");

        // Nothing new is claimed by the stopping replica: not when told of the queued task, not at its poll
        // (run here, on this thread, so that the look has surely happened when the status is read).
        String laterId = background("Later " + later);
        worker.onQueued(new TaskQueued());
        worker.poll();
        given().get("/v1/tasks/" + laterId).then().body("status", equalTo("queued"));
        assertThat(executor.runningCount()).isZero();
        wm.verify(0, Stubs.requested(Stubs.ANTHROPIC, later));

        // Leave nothing for the next application on this database.
        given().post("/v1/tasks/" + slowId + "/cancel").then().statusCode(200);
        given().post("/v1/tasks/" + laterId + "/cancel").then().statusCode(200);
    }

    private static String background(String input) {
        return given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"" + input + "\",\"background\":true}")
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }
}
