package io.agentruntime.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionResourceTest {

    private static final String RFC3339_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    @Inject
    SessionService sessions;

    @Inject
    DataSource dataSource;

    @Test
    void createsAndGetsASession() {
        String agent = uniqueAgent();
        ValidatableResponse created = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "agent", agent, "title", "Review of PR 42", "metadata", Map.of("team", "payments", "n", 3)))
                .post("/v1/sessions")
                .then()
                .statusCode(201)
                .body("agent", equalTo(agent))
                .body("title", equalTo("Review of PR 42"))
                .body("metadata.team", equalTo("payments"))
                .body("metadata.n", equalTo(3))
                .body("owner", equalTo("anonymous"))
                .body("messageCount", equalTo(0))
                .body("createdAt", matchesPattern(RFC3339_UTC))
                .body("updatedAt", matchesPattern(RFC3339_UTC));
        String id = created.extract().path("id");
        assertThat(UUID.fromString(id).version()).isEqualTo(7);
        String location = created.extract().header("Location");
        assertThat(location).endsWith("/v1/sessions/" + id);

        given().get(location)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("agent", equalTo(agent))
                .body("metadata.team", equalTo("payments"))
                .body("createdAt", equalTo(created.extract().path("createdAt")));
    }

    @Test
    void refusesBadCreateBodies() {
        problem(
                        given().contentType(ContentType.JSON)
                                .body(Map.of("agent", "  "))
                                .post("/v1/sessions")
                                .then(),
                        400)
                .body("errors[0].field", equalTo("agent"));
        problem(
                        given().contentType(ContentType.JSON)
                                .body(Map.of("title", "x"))
                                .post("/v1/sessions")
                                .then(),
                        400)
                .body("errors[0].field", equalTo("agent"));
        problem(
                        given().contentType(ContentType.JSON)
                                .body(Map.of("agent", "a", "title", "t".repeat(201)))
                                .post("/v1/sessions")
                                .then(),
                        400)
                .body("errors[0].field", equalTo("title"));
        Map<String, Object> tooMany = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            tooMany.put("k" + i, i);
        }
        problem(
                        given().contentType(ContentType.JSON)
                                .body(Map.of("agent", "a", "metadata", tooMany))
                                .post("/v1/sessions")
                                .then(),
                        400)
                .body("errors[0].field", equalTo("metadata"));
        problem(
                        given().contentType(ContentType.JSON)
                                .body(Map.of("agent", "a", "metadata", Map.of("blob", "x".repeat(20_000))))
                                .post("/v1/sessions")
                                .then(),
                        400)
                .body("errors[0].field", equalTo("metadata"));
        problem(
                        given().contentType(ContentType.JSON)
                                .body("{\"agent\": \"a\", \"metadata\": [1]}")
                                .post("/v1/sessions")
                                .then(),
                        400)
                .body("errors[0].field", equalTo("metadata"));
        problem(given().contentType(ContentType.JSON).post("/v1/sessions").then(), 400);
    }

    @Test
    void badOrUnknownIdsAreProblems() {
        for (String path : List.of("/v1/sessions/not-a-uuid", "/v1/sessions/not-a-uuid/messages")) {
            problem(given().get(path).then(), 400)
                    .body("errors[0].field", equalTo("id"))
                    .body("detail", equalTo("id: is not a UUID"));
        }
        problem(given().delete("/v1/sessions/123").then(), 400).body("errors[0].field", equalTo("id"));
        problem(given().post("/v1/sessions/123/fork").then(), 400).body("errors[0].field", equalTo("id"));
        UUID unknown = UUID.randomUUID();
        problem(given().get("/v1/sessions/" + unknown).then(), 404)
                .body("detail", equalTo("No session " + unknown))
                .body("instance", equalTo("/v1/sessions/" + unknown));
        problem(given().get("/v1/sessions/" + unknown + "/messages").then(), 404);
        problem(given().post("/v1/sessions/" + unknown + "/fork").then(), 404);
        problem(
                given().contentType("application/merge-patch+json")
                        .body("{\"title\": \"x\"}")
                        .patch("/v1/sessions/" + unknown)
                        .then(),
                404);
        problem(given().delete("/v1/sessions/" + unknown).then(), 404);
    }

    @Test
    void filtersByAgentAndMetadata() {
        String agent = uniqueAgent();
        String a = create(agent, Map.of("team", "payments", "env", "prod"));
        String b = create(agent, Map.of("team", "payments", "env", "dev"));
        String c = create(agent, Map.of("team", "search"));
        create(uniqueAgent(), Map.of("team", "payments", "env", "prod"));

        assertThat(ids(given().queryParam("agent", agent).get("/v1/sessions"))).containsExactly(c, b, a);
        assertThat(ids(given().queryParam("agent", agent)
                        .queryParam("metadata.team", "payments")
                        .get("/v1/sessions")))
                .containsExactly(b, a);
        assertThat(ids(given().queryParam("agent", agent)
                        .queryParam("metadata.team", "payments")
                        .queryParam("metadata.env", "prod")
                        .get("/v1/sessions")))
                .containsExactly(a);
        assertThat(ids(given().queryParam("agent", agent)
                        .queryParam("metadata.team", "nobody")
                        .get("/v1/sessions")))
                .isEmpty();
        // Without an agent the metadata filter alone narrows the whole list.
        List<String> everyProd = ids(given().queryParam("metadata.env", "prod")
                .queryParam("limit", 100)
                .get("/v1/sessions"));
        assertThat(everyProd).contains(a).doesNotContain(b, c);

        problem(given().queryParam("metadata.", "x").get("/v1/sessions").then(), 400)
                .body("errors[0].field", equalTo("metadata."));
    }

    /** The form generated clients can send: one repeatable parameter, metadata=key:value. */
    @Test
    void filtersByMetadataPairs() {
        String agent = uniqueAgent();
        String a = create(agent, Map.of("team", "payments", "env", "prod", "url", "https://x"));
        String b = create(agent, Map.of("team", "payments", "env", "dev"));

        assertThat(ids(given().queryParam("agent", agent)
                        .queryParam("metadata", "team:payments")
                        .get("/v1/sessions")))
                .containsExactly(b, a);
        assertThat(ids(given().queryParam("agent", agent)
                        .queryParam("metadata", "team:payments", "env:prod")
                        .get("/v1/sessions")))
                .containsExactly(a);
        // The key ends at the first colon; the value may hold more.
        assertThat(ids(given().queryParam("agent", agent)
                        .queryParam("metadata", "url:https://x")
                        .get("/v1/sessions")))
                .containsExactly(a);
        // Both forms together must all match.
        assertThat(ids(given().queryParam("agent", agent)
                        .queryParam("metadata", "team:payments")
                        .queryParam("metadata.env", "dev")
                        .get("/v1/sessions")))
                .containsExactly(b);

        problem(given().queryParam("metadata", "payments").get("/v1/sessions").then(), 400)
                .body("errors[0].field", equalTo("metadata"));
        problem(
                        given().queryParam("metadata", "team:a", "team:b")
                                .get("/v1/sessions")
                                .then(),
                        400)
                .body("errors[0].field", equalTo("metadata"));
    }

    @Test
    void pagesNewestFirstAndStaysStableUnderInserts() {
        String agent = uniqueAgent();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(create(agent, Map.of("i", i)));
        }
        List<String> newestFirst = created.reversed();

        JsonPath first = given().queryParam("agent", agent)
                .queryParam("limit", 3)
                .get("/v1/sessions")
                .then()
                .statusCode(200)
                .body("items", hasSize(3))
                .body("nextCursor", notNullValue())
                .extract()
                .jsonPath();
        // A session created between pages must neither shift nor repeat what follows.
        String late = create(agent, Map.of("i", "late"));
        JsonPath second = page(agent, 3, first.getString("nextCursor"));
        JsonPath third = page(agent, 3, second.getString("nextCursor"));

        assertThat(first.getList("items.id", String.class)).containsExactlyElementsOf(newestFirst.subList(0, 3));
        assertThat(second.getList("items.id", String.class)).containsExactlyElementsOf(newestFirst.subList(3, 6));
        assertThat(third.getList("items.id", String.class)).containsExactlyElementsOf(newestFirst.subList(6, 7));
        assertThat(third.getString("nextCursor")).isNull();
        assertThat(ids(given().queryParam("agent", agent).queryParam("limit", 1).get("/v1/sessions")))
                .containsExactly(late);

        // The same cursor gives the same page again.
        assertThat(page(agent, 3, first.getString("nextCursor")).getList("items.id", String.class))
                .isEqualTo(second.getList("items.id", String.class));
        // An exact fit leaves no dangling cursor.
        given().queryParam("agent", agent)
                .queryParam("limit", 8)
                .get("/v1/sessions")
                .then()
                .statusCode(200)
                .body("items", hasSize(8))
                .body("$", not(hasKey("nextCursor")));
    }

    @Test
    void badLimitAndCursorAreProblems() {
        for (String limit : List.of("0", "101", "abc", "-5")) {
            problem(given().queryParam("limit", limit).get("/v1/sessions").then(), 400)
                    .body("errors[0].field", equalTo("limit"));
        }
        for (String cursor : List.of("!!!", "bm90IGEgY3Vyc29y", "czpub3QtYS11dWlk")) {
            problem(given().queryParam("cursor", cursor).get("/v1/sessions").then(), 400)
                    .body("errors[0].field", equalTo("cursor"));
        }
        String id = create(uniqueAgent(), Map.of());
        problem(
                        given().queryParam("limit", 1000)
                                .get("/v1/sessions/" + id + "/messages")
                                .then(),
                        400)
                .body("errors[0].field", equalTo("limit"));
        // A session-list cursor is not a message-list cursor, and the other way round.
        String sessionCursor = given().queryParam("limit", 1)
                .get("/v1/sessions")
                .then()
                .extract()
                .path("nextCursor");
        problem(
                        given().queryParam("cursor", sessionCursor)
                                .get("/v1/sessions/" + id + "/messages")
                                .then(),
                        400)
                .body("errors[0].field", equalTo("cursor"));
        UUID sid = UUID.fromString(id);
        sessions.append(sid, new NewMessage("user", "one", null, null, null, null));
        sessions.append(sid, new NewMessage("user", "two", null, null, null, null));
        String messageCursor = given().queryParam("limit", 1)
                .get("/v1/sessions/" + id + "/messages")
                .then()
                .extract()
                .path("nextCursor");
        problem(given().queryParam("cursor", messageCursor).get("/v1/sessions").then(), 400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void pagesMessagesOldestFirst() {
        String id = create(uniqueAgent(), Map.of());
        UUID sid = UUID.fromString(id);
        UUID task = UUID.randomUUID();
        for (int i = 1; i <= 5; i++) {
            boolean user = i % 2 == 1;
            sessions.append(
                    sid,
                    user
                            ? new NewMessage("user", "question " + i, null, null, null, task)
                            : new NewMessage("assistant", "answer " + i, "test-model", 100L + i, 10L + i, task));
        }
        JsonPath first = given().queryParam("limit", 2)
                .get("/v1/sessions/" + id + "/messages")
                .then()
                .statusCode(200)
                .body("items.seq", equalTo(List.of(1, 2)))
                .body("items[0].role", equalTo("user"))
                .body("items[0].content", equalTo("question 1"))
                .body("items[0].usage", nullValue())
                .body("items[0].model", nullValue())
                .body("items[0].sessionId", equalTo(id))
                .body("items[0].taskId", equalTo(task.toString()))
                .body("items[0].createdAt", matchesPattern(RFC3339_UTC))
                .body("items[1].role", equalTo("assistant"))
                .body("items[1].model", equalTo("test-model"))
                .body("items[1].usage.inputTokens", equalTo(102))
                .body("items[1].usage.outputTokens", equalTo(12))
                .extract()
                .jsonPath();
        JsonPath second = given().queryParam("limit", 2)
                .queryParam("cursor", first.getString("nextCursor"))
                .get("/v1/sessions/" + id + "/messages")
                .then()
                .statusCode(200)
                .body("items.seq", equalTo(List.of(3, 4)))
                .extract()
                .jsonPath();
        given().queryParam("limit", 2)
                .queryParam("cursor", second.getString("nextCursor"))
                .get("/v1/sessions/" + id + "/messages")
                .then()
                .statusCode(200)
                .body("items.seq", equalTo(List.of(5)))
                .body("nextCursor", nullValue());

        given().get("/v1/sessions/" + id).then().body("messageCount", equalTo(5));
        given().get("/v1/sessions/" + create(uniqueAgent(), Map.of()) + "/messages")
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("nextCursor", nullValue());
    }

    @Test
    void forksAllOrUpToAMessage() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("agent", uniqueAgent(), "title", "Origin", "metadata", Map.of("team", "payments")))
                .post("/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        UUID sid = UUID.fromString(id);
        List<MessageView> originals = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            originals.add(sessions.append(
                    sid,
                    new NewMessage(
                            i % 2 == 1 ? "user" : "assistant",
                            "m" + i,
                            i % 2 == 1 ? null : "model-x",
                            i % 2 == 1 ? null : 5L,
                            i % 2 == 1 ? null : 7L,
                            UUID.randomUUID())));
        }

        ValidatableResponse all = given().post("/v1/sessions/" + id + "/fork")
                .then()
                .statusCode(201)
                .header("Location", notNullValue())
                .body("id", not(equalTo(id)))
                .body("title", equalTo("Origin (fork)"))
                .body("metadata.team", equalTo("payments"))
                .body("messageCount", equalTo(4));
        String allId = all.extract().path("id");
        assertThat(all.extract().header("Location")).endsWith("/v1/sessions/" + allId);
        JsonPath copied = given().get("/v1/sessions/" + allId + "/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(copied.getList("items.seq", Integer.class)).containsExactly(1, 2, 3, 4);
        assertThat(copied.getList("items.content", String.class)).containsExactly("m1", "m2", "m3", "m4");
        assertThat(copied.getList("items.role", String.class))
                .containsExactly("user", "assistant", "user", "assistant");
        assertThat(copied.getString("items[1].model")).isEqualTo("model-x");
        assertThat(copied.getInt("items[1].usage.outputTokens")).isEqualTo(7);
        assertThat(copied.getList("items.sessionId", String.class)).containsOnly(allId);
        assertThat(copied.getList("items.id", String.class))
                .doesNotContainAnyElementsOf(
                        originals.stream().map(m -> m.id().toString()).toList());

        String partId = given().contentType(ContentType.JSON)
                .body(Map.of("messageId", originals.get(1).id().toString()))
                .post("/v1/sessions/" + id + "/fork")
                .then()
                .statusCode(201)
                .body("messageCount", equalTo(2))
                .extract()
                .path("id");
        given().get("/v1/sessions/" + partId + "/messages").then().body("items.content", equalTo(List.of("m1", "m2")));
        // The fork goes its own way: appending to it leaves the origin alone.
        assertThat(sessions.append(UUID.fromString(partId), new NewMessage("user", "other", null, null, null, null))
                        .seq())
                .isEqualTo(3);
        given().get("/v1/sessions/" + id).then().body("messageCount", equalTo(4));

        String other = create(uniqueAgent(), Map.of());
        MessageView foreign =
                sessions.append(UUID.fromString(other), new NewMessage("user", "x", null, null, null, null));
        for (String messageId :
                List.of(foreign.id().toString(), UUID.randomUUID().toString())) {
            problem(
                            given().contentType(ContentType.JSON)
                                    .body(Map.of("messageId", messageId))
                                    .post("/v1/sessions/" + id + "/fork")
                                    .then(),
                            400)
                    .body("errors[0].field", equalTo("messageId"));
        }
        problem(
                        given().contentType(ContentType.JSON)
                                .body(Map.of("messageId", "nope"))
                                .post("/v1/sessions/" + id + "/fork")
                                .then(),
                        400)
                .body("errors[0].field", equalTo("messageId"));
    }

    @Test
    void patchesWithMergeSemantics() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "agent",
                        uniqueAgent(),
                        "title",
                        "Before",
                        "metadata",
                        Map.of("a", 1, "b", 2, "nested", Map.of("x", 1, "y", 2))))
                .post("/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String updatedBefore =
                given().get("/v1/sessions/" + id).then().extract().path("updatedAt");

        given().contentType("application/merge-patch+json")
                .body("{\"metadata\": {\"b\": null, \"c\": \"three\", \"nested\": {\"y\": null, \"z\": true}}}")
                .patch("/v1/sessions/" + id)
                .then()
                .statusCode(200)
                .body("title", equalTo("Before"))
                .body("metadata", equalTo(Map.of("a", 1, "c", "three", "nested", Map.of("x", 1, "z", true))))
                .body("updatedAt", not(equalTo(updatedBefore)));

        given().contentType(ContentType.JSON)
                .body("{\"title\": \"After\"}")
                .patch("/v1/sessions/" + id)
                .then()
                .statusCode(200)
                .body("title", equalTo("After"))
                .body("metadata.a", equalTo(1));
        given().contentType("application/merge-patch+json")
                .body("{\"title\": null}")
                .patch("/v1/sessions/" + id)
                .then()
                .statusCode(200)
                .body("title", nullValue())
                .body("metadata.c", equalTo("three"));
        given().contentType("application/merge-patch+json")
                .body("{\"metadata\": null}")
                .patch("/v1/sessions/" + id)
                .then()
                .statusCode(200)
                .body("metadata", equalTo(Map.of()));
        given().get("/v1/sessions/" + id).then().body("title", nullValue()).body("metadata", equalTo(Map.of()));

        problem(
                given().contentType("application/merge-patch+json")
                        .body("[1, 2]")
                        .patch("/v1/sessions/" + id)
                        .then(),
                400);
        problem(
                given().contentType("application/merge-patch+json")
                        .body("{\"title\": ")
                        .patch("/v1/sessions/" + id)
                        .then(),
                400);
        problem(
                        given().contentType("application/merge-patch+json")
                                .body("{\"title\": \"" + "t".repeat(201) + "\"}")
                                .patch("/v1/sessions/" + id)
                                .then(),
                        400)
                .body("errors[0].field", equalTo("title"));
        problem(
                        given().contentType("application/merge-patch+json")
                                .body("{\"metadata\": 5}")
                                .patch("/v1/sessions/" + id)
                                .then(),
                        400)
                .body("errors[0].field", equalTo("metadata"));
        problem(
                        given().contentType("application/merge-patch+json")
                                .body("{}")
                                .patch("/v1/sessions/nope")
                                .then(),
                        400)
                .body("errors[0].field", equalTo("id"));
    }

    @Test
    void deletesTheSessionAndItsMessages() throws Exception {
        String id = create(uniqueAgent(), Map.of());
        UUID sid = UUID.fromString(id);
        sessions.append(sid, new NewMessage("user", "hello", null, null, null, null));
        sessions.append(sid, new NewMessage("assistant", "hi", "m", 1L, 1L, null));
        assertThat(messageRows(sid)).isEqualTo(2);

        given().delete("/v1/sessions/" + id).then().statusCode(204);
        problem(given().get("/v1/sessions/" + id).then(), 404);
        problem(given().get("/v1/sessions/" + id + "/messages").then(), 404);
        problem(given().delete("/v1/sessions/" + id).then(), 404);
        assertThat(messageRows(sid)).isZero();
    }

    @Test
    void listsAnIdOnlyOnce() {
        String agent = uniqueAgent();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            create(agent, Map.of());
        }
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = page(agent, 2, cursor);
            for (String id : page.getList("items.id", String.class)) {
                assertThat(seen.add(id)).as("id %s seen twice", id).isTrue();
            }
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(5);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void everyOperationIsDocumented() {
        JsonPath doc = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, String> operations = Map.of(
                "listSessions", "paths.'/v1/sessions'.get",
                "createSession", "paths.'/v1/sessions'.post",
                "getSession", "paths.'/v1/sessions/{id}'.get",
                "updateSession", "paths.'/v1/sessions/{id}'.patch",
                "deleteSession", "paths.'/v1/sessions/{id}'.delete",
                "listSessionMessages", "paths.'/v1/sessions/{id}/messages'.get",
                "forkSession", "paths.'/v1/sessions/{id}/fork'.post");
        operations.forEach((id, path) -> {
            assertThat(doc.getString(path + ".operationId")).isEqualTo(id);
            assertThat(doc.getString(path + ".summary")).isNotBlank();
            assertThat(doc.getMap(path + ".responses")).containsKey("400");
        });
    }

    private int messageRows(UUID sessionId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM messages WHERE session_id = ?")) {
            ps.setObject(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static JsonPath page(String agent, int limit, String cursor) {
        var request = given().queryParam("agent", agent).queryParam("limit", limit);
        if (cursor != null) {
            request = request.queryParam("cursor", cursor);
        }
        return request.get("/v1/sessions").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> ids(io.restassured.response.Response response) {
        return response.then().statusCode(200).extract().jsonPath().getList("items.id", String.class);
    }

    private static String create(String agent, Map<String, Object> metadata) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("agent", agent, "metadata", metadata))
                .post("/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("detail", notNullValue())
                .body("instance", notNullValue())
                .header("X-Request-Id", notNullValue())
                .body(
                        "type",
                        matchesPattern(
                                status == 404
                                        ? "https://agent-runtime.dev/problems/not-found"
                                        : "https://agent-runtime.dev/problems/(validation|bad-request)"));
    }

    private static String uniqueAgent() {
        return "agent-" + UUID.randomUUID();
    }
}
