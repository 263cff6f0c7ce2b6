package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An answer longer than tasks.max-answer-chars ends the task failed, once, with a clear error event;
 * it is never run again (that would pay the provider twice). An answer of exactly the limit is kept.
 */
@QuarkusTest
@TestProfile(TooLargeAnswerTest.SmallLimit.class)
@WithTestResource(ProviderWireMock.class)
class TooLargeAnswerTest {

    static final int LIMIT = 40;

    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A short lease: a task left running would be re-run within the test's wait.
            return Map.of("tasks.max-answer-chars", Integer.toString(LIMIT), "tasks.worker.lease", "2s");
        }
    }

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @TestHTTPResource("/v1/tasks")
    URI tasks;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aBlockingAnswerAtTheLimitIsKeptAndOneCharacterMoreFailsTheTaskOnce() {
        String atLimit = Stubs.marker();
        Stubs.anthropic(wm, atLimit, "a".repeat(LIMIT));
        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"" + atLimit + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("output.length()", equalTo(LIMIT));

        String over = Stubs.marker();
        Stubs.anthropic(wm, over, "a".repeat(LIMIT + 1));
        Response r = given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"" + over + "\"}")
                .post("/v1/tasks");
        r.then().statusCode(502).contentType("application/problem+json");
        assertThat(r.<String>path("detail")).contains("tasks.max-answer-chars").contains(Integer.toString(LIMIT));
        String id = r.path("taskId");
        given().get("/v1/tasks/" + id)
                .then()
                .body("status", equalTo("failed"))
                .body("error.kind", equalTo("answer_too_large"))
                .body("attempts", equalTo(1));
        neverRunAgain(over, id);
    }

    @Test
    void aStreamedAnswerOverTheLimitEndsWithAnErrorEvent() throws Exception {
        String m = Stubs.marker();
        Stubs.anthropicStream(wm, m, List.of("a".repeat(30), "b".repeat(10), "c"));
        List<SseClient.Event> events;
        try (SseClient sse = SseClient.post(tasks, "{\"agent\":\"sonnet-helper\",\"input\":\"" + m + "\"}", Map.of())) {
            assertThat(sse.status()).isEqualTo(200);
            events = sse.rest();
        }
        assertThat(events).extracting(SseClient.Event::event).endsWith("error");
        assertThat(events).extracting(SseClient.Event::event).doesNotContain("done");
        JsonNode error = json.readTree(events.getLast().data());
        assertThat(error.path("detail").asText()).contains("tasks.max-answer-chars");
        String id = json.readTree(events.getFirst().data()).path("id").asText();
        given().get("/v1/tasks/" + id)
                .then()
                .body("status", equalTo("failed"))
                .body("error.kind", equalTo("answer_too_large"));
        // The deltas kept stay within the limit.
        assertThat(events.stream()
                        .filter(e -> "delta".equals(e.event()))
                        .mapToInt(e -> {
                            try {
                                return json.readTree(e.data())
                                        .path("text")
                                        .asText()
                                        .length();
                            } catch (Exception x) {
                                throw new IllegalStateException(x);
                            }
                        })
                        .sum())
                .isLessThanOrEqualTo(LIMIT);
        neverRunAgain(m, id);
    }

    /** Past a lease or two, the provider was still called once and the task is still failed, attempt 1. */
    private void neverRunAgain(String marker, String id) {
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Stubs.requests(wm, Stubs.ANTHROPIC, marker)).hasSize(1);
            given().get("/v1/tasks/" + id)
                    .then()
                    .body("status", equalTo("failed"))
                    .body("attempts", equalTo(1));
        });
    }
}
