package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.auth.AuthOnProfile;
import io.agentruntime.auth.Roles;
import io.agentruntime.auth.key.ApiKeys;
import io.agentruntime.auth.key.NewApiKey;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Tenant B's credentials on tenant A's ids, on every route that takes one (every JAX-RS method of
 * {@code session/api} and {@code task/api}): each answers exactly as for an id that does not exist, lists
 * hold none of A's items, A's Idempotency-Key is not B's, and afterwards A finds everything as it was.
 */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
@WithTestResource(ProviderWireMock.class)
class TenantIsolationTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    ApiKeys keys;

    @TestHTTPResource("/")
    URI base;

    @Test
    void tenantBNeitherReadsNorWritesAnythingOfTenantA() throws Exception {
        String a = key("tenant-a-" + Stubs.marker());
        String b = key("tenant-b-" + Stubs.marker());

        // --- tenant A's things: a session with messages, a fork, blocking, background and streamed tasks --
        String session = as(a).contentType(ContentType.JSON)
                .body("{\"agent\": \"sonnet-helper\", \"title\": \"A's\", \"metadata\": {\"team\": \"a\"}}")
                .post("/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String m1 = Stubs.marker();
        Stubs.anthropic(wm, m1, "A's first answer.");
        JsonPath blocking = as(a).contentType(ContentType.JSON)
                .header("Idempotency-Key", "a-key")
                .body("{\"input\": \"" + m1 + "\"}")
                .post("/v1/sessions/" + session + "/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String blockingTask = blocking.getString("id");
        assertThat(blocking.getString("output")).as(blocking.prettify()).isEqualTo("A's first answer.");
        String messageId = as(a).get("/v1/sessions/" + session + "/messages")
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        String fork = as(a).contentType(ContentType.JSON)
                .body("{\"messageId\": \"" + messageId + "\"}")
                .post("/v1/sessions/" + session + "/fork")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String m2 = Stubs.marker();
        // The worker streams every call it makes (it saves the answer as it comes).
        Stubs.anthropicStream(wm, m2, List.of("A's background ", "answer."));
        String background = as(a).contentType(ContentType.JSON)
                .body("{\"agent\": \"sonnet-helper\", \"input\": \"" + m2 + "\", \"background\": true}")
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        // Ended, so that A's view of it cannot change while B tries.
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        "completed".equals(as(a).get("/v1/tasks/" + background).<String>path("status")));
        String m3 = Stubs.marker();
        Stubs.anthropicStream(wm, m3, List.of("A's ", "streamed ", "answer."));
        String streamed;
        try (SseClient sse = SseClient.post(
                base.resolve("/v1/tasks/stream"),
                "{\"agent\": \"sonnet-helper\", \"input\": \"" + m3 + "\"}",
                Map.of("Authorization", "Bearer " + a))) {
            assertThat(sse.status()).isEqualTo(200);
            List<SseClient.Event> events = sse.until(e -> "done".equals(e.event()));
            streamed = JsonPath.from(events.getFirst().data()).getString("id");
        }
        assertThat(streamed).isNotBlank();

        Map<String, String> before = snapshot(a, session, fork, blockingTask, background, streamed);

        // --- tenant B on every by-id route: the very answer an unknown id gets ------------------------------
        String missing = UUID.randomUUID().toString();
        List<Route> routes = List.of(
                new Route("GET /v1/sessions/{id}", id -> as(b).get("/v1/sessions/" + id), session),
                new Route(
                        "GET /v1/sessions/{id}/messages", id -> as(b).get("/v1/sessions/" + id + "/messages"), session),
                new Route(
                        "PATCH /v1/sessions/{id}",
                        id -> as(b).contentType("application/merge-patch+json")
                                .body("{\"title\": \"B was here\"}")
                                .patch("/v1/sessions/" + id),
                        session),
                new Route("DELETE /v1/sessions/{id}", id -> as(b).delete("/v1/sessions/" + id), fork),
                new Route(
                        "POST /v1/sessions/{id}/fork",
                        id -> as(b).contentType(ContentType.JSON).body("{}").post("/v1/sessions/" + id + "/fork"),
                        session),
                new Route(
                        "POST /v1/sessions/{id}/messages",
                        id -> as(b).contentType(ContentType.JSON)
                                .body("{\"input\": \"B speaks\"}")
                                .post("/v1/sessions/" + id + "/messages"),
                        session),
                new Route(
                        "POST /v1/sessions/{id}/messages (background)",
                        id -> as(b).contentType(ContentType.JSON)
                                .body("{\"input\": \"B speaks\", \"background\": true}")
                                .post("/v1/sessions/" + id + "/messages"),
                        session),
                new Route(
                        "POST /v1/tasks with A's session",
                        id -> as(b).contentType(ContentType.JSON)
                                .body("{\"input\": \"B speaks\", \"sessionId\": \"" + id + "\"}")
                                .post("/v1/tasks"),
                        session),
                new Route("GET /v1/tasks/{id}", id -> as(b).get("/v1/tasks/" + id), blockingTask),
                new Route("GET /v1/tasks/{id} (background)", id -> as(b).get("/v1/tasks/" + id), background),
                new Route("GET /v1/tasks/{id} (stream)", id -> as(b).get("/v1/tasks/" + id), streamed),
                new Route("POST /v1/tasks/{id}/cancel", id -> as(b).post("/v1/tasks/" + id + "/cancel"), background),
                new Route(
                        "GET /v1/tasks/{id}/events",
                        id -> as(b).accept("text/event-stream").get("/v1/tasks/" + id + "/events"),
                        streamed),
                new Route(
                        "GET /v1/tasks/{id}/events with Last-Event-ID",
                        id -> as(b).accept("text/event-stream")
                                .header("Last-Event-ID", "1")
                                .get("/v1/tasks/" + id + "/events"),
                        streamed));
        List<String> leaks = new ArrayList<>();
        for (Route route : routes) {
            Response theirs = route.call().apply(route.id());
            Response nobodys = route.call().apply(missing);
            assertThat(nobodys.statusCode())
                    .as(route.name() + " on an unknown id")
                    .isEqualTo(404);
            if (theirs.statusCode() != 404 || !problem(theirs, route.id()).equals(problem(nobodys, missing))) {
                leaks.add(route.name() + " -> " + theirs.statusCode() + " " + theirs.asString());
            }
        }
        assertThat(leaks).as("routes that told tenant B about tenant A's items").isEmpty();

        // The streamed continue of A's session: refused before any event, as for a missing session.
        try (SseClient sse = SseClient.post(
                base.resolve("/v1/sessions/" + session + "/messages/stream"),
                "{\"input\": \"B speaks\"}",
                Map.of("Authorization", "Bearer " + b))) {
            assertThat(sse.status()).isEqualTo(404);
        }

        // --- lists are B's own: none of A's items --------------------------------------------------------
        assertThat(as(b).get("/v1/sessions?limit=100")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.id", String.class))
                .doesNotContain(session, fork);
        assertThat(as(b).get("/v1/sessions?metadata=team:a")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items"))
                .isEmpty();
        assertThat(as(b).get("/v1/tasks?limit=100")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.id", String.class))
                .doesNotContain(blockingTask, background, streamed);
        assertThat(as(b).get("/v1/tasks?sessionId=" + session)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items"))
                .isEmpty();

        // --- A's Idempotency-Key is not B's: B's request with it is a new task of B's own ------------------
        String m4 = Stubs.marker();
        Stubs.anthropic(wm, m4, "B's own answer.");
        JsonPath bTask = as(b).contentType(ContentType.JSON)
                .header("Idempotency-Key", "a-key")
                .body("{\"agent\": \"sonnet-helper\", \"input\": \"" + m4 + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(bTask.getString("id")).isNotEqualTo(blockingTask);
        assertThat(bTask.getString("output")).isEqualTo("B's own answer.");
        // ... and B's task is not A's either.
        as(a).get("/v1/tasks/" + bTask.getString("id")).then().statusCode(404);

        // --- 0 writes: A finds everything exactly as it was ----------------------------------------------
        assertThat(snapshot(a, session, fork, blockingTask, background, streamed))
                .isEqualTo(before);
        assertThat(as(a).get("/v1/sessions?metadata=team:a")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.id", String.class))
                .containsExactly(fork, session);
    }

    @Test
    void whatACallerCreatesRecordsItsCreator() {
        String a = key("tenant-c-" + Stubs.marker());
        as(a).contentType(ContentType.JSON)
                .body("{\"agent\": \"sonnet-helper\"}")
                .post("/v1/sessions")
                .then()
                .statusCode(201)
                .body("owner", org.hamcrest.Matchers.equalTo("isolation-test"));
    }

    private record Route(String name, Function<String, Response> call, String id) {}

    /** A's view of its items, to compare before and after B's attempts. */
    private Map<String, String> snapshot(String a, String session, String fork, String... tasks) {
        Map<String, String> state = new LinkedHashMap<>();
        for (String s : List.of(session, fork)) {
            state.put(
                    s,
                    as(a).get("/v1/sessions/" + s)
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString());
            state.put(
                    s + "/messages",
                    as(a).get("/v1/sessions/" + s + "/messages?limit=100")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString());
        }
        for (String t : tasks) {
            state.put(
                    t,
                    as(a).get("/v1/tasks/" + t).then().statusCode(200).extract().asString());
        }
        state.put(
                "tasks",
                as(a).get("/v1/tasks?limit=100")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        return state;
    }

    /** The problem's content with the id asked about made generic; the request id is the request's own. */
    private static Map<String, Object> problem(Response r, String id) {
        assertThat(r.contentType()).startsWith("application/problem+json");
        Map<String, Object> body = new LinkedHashMap<>(r.jsonPath().getMap(""));
        body.remove("instance");
        body.remove("requestId");
        body.replaceAll((k, v) -> v instanceof String s ? s.replace(id, "{id}") : v);
        return body;
    }

    private String key(String tenant) {
        return keys.create(new NewApiKey(tenant, "isolation-test", Roles.CALLER, null, "test"))
                .secret();
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }
}
