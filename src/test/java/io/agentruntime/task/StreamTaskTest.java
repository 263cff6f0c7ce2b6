package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class StreamTaskTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @TestHTTPResource("/v1/tasks")
    URI tasks;

    @Test
    void streamedTaskOnAnthropic() throws Exception {
        String m = Stubs.marker();
        Stubs.anthropicStream(wm, m, List.of("Hel", "lo, ", "world", "!"));

        List<SseClient.Event> events;
        try (SseClient sse =
                SseClient.post(tasks, "{\"agent\":\"sonnet-helper\",\"input\":\"Greet " + m + "\"}", Map.of())) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.response.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("text/event-stream");
            assertThat(sse.response.headers().firstValue("Location").orElse("")).contains("/v1/tasks/");
            events = sse.rest();
        }
        assertThat(events)
                .extracting(SseClient.Event::event)
                .containsExactly("task", "delta", "delta", "delta", "delta", "usage", "done");
        assertIdsGrow(events);
        JsonNode first = json.readTree(events.get(0).data());
        assertThat(first.get("status").asText()).isEqualTo("running");
        assertThat(first.get("mode").asText()).isEqualTo("stream");
        assertThat(events.subList(1, 5).stream().map(e -> text(e)).collect(Collectors.joining()))
                .isEqualTo("Hello, world!");
        JsonNode usage = json.readTree(events.get(5).data());
        assertThat(usage.get("inputTokens").asLong()).isEqualTo(472);
        assertThat(usage.get("outputTokens").asLong()).isEqualTo(12);
        JsonNode done = json.readTree(events.get(6).data());
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("output").asText()).isEqualTo("Hello, world!");

        // Every event is stored: the replay of a finished task gives the same stream.
        String id = first.get("id").asText();
        try (SseClient replay = SseClient.get(URI.create(tasks + "/" + id + "/events"), Map.of())) {
            assertSame(replay.rest(), events);
        }
        given().get("/v1/tasks/" + id)
                .then()
                .statusCode(200)
                .body("output", equalTo("Hello, world!"))
                .body("status", equalTo("completed"));
    }

    @Test
    void streamedTaskOnOpenAi() throws Exception {
        String m = Stubs.marker();
        Stubs.openaiStream(wm, m, List.of("Bon", "jour"));

        List<SseClient.Event> events;
        try (SseClient sse =
                SseClient.post(tasks, "{\"agent\":\"gpt-helper\",\"input\":\"Greet " + m + "\"}", Map.of())) {
            events = sse.rest();
        }
        assertThat(events)
                .extracting(SseClient.Event::event)
                .containsExactly("task", "delta", "delta", "usage", "done");
        assertIdsGrow(events);
        assertThat(text(events.get(1)) + text(events.get(2))).isEqualTo("Bonjour");
        JsonNode done = json.readTree(events.get(4).data());
        assertThat(done.get("provider").asText()).isEqualTo("openai");
        assertThat(done.get("usage").get("outputTokens").asLong()).isEqualTo(2);
        wm.verify(Stubs.requested(Stubs.OPENAI, m)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.stream_options.include_usage",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("true"))));
    }

    @Test
    void replayFromLastEventIdGivesOnlyTheLaterEvents() throws Exception {
        String m = Stubs.marker();
        Stubs.anthropicStream(wm, m, List.of("one ", "two ", "three"));
        List<SseClient.Event> all;
        try (SseClient sse =
                SseClient.post(tasks, "{\"agent\":\"sonnet-helper\",\"input\":\"Count " + m + "\"}", Map.of())) {
            all = sse.rest();
        }
        String id = json.readTree(all.get(0).data()).get("id").asText();
        String resumeAfter = all.get(2).id();

        try (SseClient header =
                SseClient.get(URI.create(tasks + "/" + id + "/events"), Map.of("Last-Event-ID", resumeAfter))) {
            assertSame(header.rest(), all.subList(3, all.size()));
        }
        try (SseClient query =
                SseClient.get(URI.create(tasks + "/" + id + "/events?lastEventId=" + resumeAfter), Map.of())) {
            assertSame(query.rest(), all.subList(3, all.size()));
        }
        String last = all.get(all.size() - 1).id();
        try (SseClient nothing =
                SseClient.get(URI.create(tasks + "/" + id + "/events"), Map.of("Last-Event-ID", last))) {
            assertThat(nothing.rest()).isEmpty();
        }
    }

    @Test
    void streamedProviderErrorEndsWithAnErrorEvent() throws Exception {
        String m = Stubs.marker();
        String body =
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-6\",\"stop_reason\":null,\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Partial\"}}\n\n"
                        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded SECRET\"}}\n\n";
        wm.stubFor(Stubs.lastMessage(Stubs.ANTHROPIC, m)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withHeader("request-id", "req_overloaded_1")
                        .withBody(body)));

        List<SseClient.Event> events;
        try (SseClient sse =
                SseClient.post(tasks, "{\"agent\":\"sonnet-helper\",\"input\":\"Try " + m + "\"}", Map.of())) {
            events = sse.rest();
        }
        assertThat(events).extracting(SseClient.Event::event).containsExactly("task", "delta", "error");
        JsonNode problem = json.readTree(events.get(2).data());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("providerRequestId").asText()).isEqualTo("req_overloaded_1");
        assertThat(events.get(2).data()).doesNotContain("SECRET");
        String id = problem.get("taskId").asText();
        given().get("/v1/tasks/" + id)
                .then()
                .body("status", equalTo("failed"))
                .body("output", equalTo("Partial"))
                .body("error.kind", equalTo("overloaded"));
    }

    @Test
    void cancelDuringAStreamKeepsThePartialOutput() throws Exception {
        String m = Stubs.marker();
        List<String> deltas = Stubs.anthropicSlowStream(wm, m, "w", 40, 20_000);

        try (SseClient sse =
                SseClient.post(tasks, "{\"agent\":\"sonnet-helper\",\"input\":\"Ramble " + m + "\"}", Map.of())) {
            List<SseClient.Event> head = sse.until(e -> "delta".equals(e.event()));
            String id = json.readTree(head.get(0).data()).get("id").asText();
            long started = System.nanoTime();
            String partial = given().post("/v1/tasks/" + id + "/cancel")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("canceled"))
                    .extract()
                    .path("output");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
            assertThat(partial).startsWith("w0 ").isNotEqualTo(String.join("", deltas));

            List<SseClient.Event> tail = sse.rest();
            assertThat(tail.get(tail.size() - 1).event()).isEqualTo("done");
            JsonNode done = json.readTree(tail.get(tail.size() - 1).data());
            assertThat(done.get("status").asText()).isEqualTo("canceled");
            assertThat(done.get("output").asText()).isEqualTo(partial);
            given().get("/v1/tasks/" + id)
                    .then()
                    .body("status", equalTo("canceled"))
                    .body("output", equalTo(partial));
            // A finished task cannot be canceled again.
            given().post("/v1/tasks/" + id + "/cancel").then().statusCode(409).contentType("application/problem+json");
        }
    }

    @Test
    void cancelAskedOnAnotherReplicaStopsTheProviderCallWithinASecond() throws Exception {
        String m = Stubs.marker();
        List<String> deltas = Stubs.anthropicSlowStream(wm, m, "x", 30, 15_000);

        try (SseClient sse =
                SseClient.post(tasks, "{\"agent\":\"sonnet-helper\",\"input\":\"Ramble " + m + "\"}", Map.of())) {
            List<SseClient.Event> head = sse.until(e -> "delta".equals(e.event()));
            UUID id =
                    UUID.fromString(json.readTree(head.get(0).data()).get("id").asText());
            // What the cancel endpoint of another replica does: only the flag in the database.
            long started = System.nanoTime();
            QuarkusTransaction.requiringNew()
                    .run(() -> em.createNativeQuery("UPDATE tasks SET cancel_requested = true WHERE id = :id")
                            .setParameter("id", id)
                            .executeUpdate());
            List<SseClient.Event> tail = sse.rest();
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(millis).isLessThan(3_000);
            assertThat(json.readTree(tail.get(tail.size() - 1).data())
                            .get("status")
                            .asText())
                    .isEqualTo("canceled");
            given().get("/v1/tasks/" + id).then().body("status", equalTo("canceled"));
        }
    }

    @Test
    void followingABackgroundTaskFromTheDatabaseSeesItsTextWhileItRuns() throws Exception {
        String m = Stubs.marker();
        List<String> deltas = Stubs.anthropicSlowStream(wm, m, "y", 8, 4_000);
        String id = given().contentType("application/json")
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"Slowly " + m + "\",\"background\":true}")
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        try (SseClient sse = SseClient.get(URI.create(tasks + "/" + id + "/events"), Map.of())) {
            List<SseClient.Event> head = sse.until(e -> "delta".equals(e.event()));
            // The first piece of text arrived while the task still runs: it was read from task_events.
            given().get("/v1/tasks/" + id).then().body("status", equalTo("running"));
            List<SseClient.Event> tail = sse.rest();
            List<SseClient.Event> all = new java.util.ArrayList<>(head);
            all.addAll(tail);
            assertIdsGrow(all);
            String text = all.stream()
                    .filter(e -> "delta".equals(e.event()))
                    .map(this::text)
                    .collect(Collectors.joining());
            assertThat(text).isEqualTo(String.join("", deltas));
            assertThat(all.get(all.size() - 1).event()).isEqualTo("done");
        }
    }

    private String text(SseClient.Event e) {
        try {
            return json.readTree(e.data()).get("text").asText();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The same events: ids and kinds equal, data equal as JSON (the database may order keys its own way). */
    private void assertSame(List<SseClient.Event> actual, List<SseClient.Event> expected) throws Exception {
        assertThat(actual)
                .extracting(SseClient.Event::id)
                .containsExactlyElementsOf(
                        expected.stream().map(SseClient.Event::id).toList());
        assertThat(actual)
                .extracting(SseClient.Event::event)
                .containsExactlyElementsOf(
                        expected.stream().map(SseClient.Event::event).toList());
        for (int i = 0; i < actual.size(); i++) {
            assertThat(json.readTree(actual.get(i).data()))
                    .isEqualTo(json.readTree(expected.get(i).data()));
        }
    }

    private static void assertIdsGrow(List<SseClient.Event> events) {
        long previous = 0;
        for (SseClient.Event e : events) {
            long id = Long.parseLong(e.id());
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
    }
}
