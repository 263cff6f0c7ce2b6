package io.agentruntime.task;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one strict rule for bodies and parameters (README, "API conventions"): NUL characters, null
 * bodies, unknown fields, trailing data and garbage cursors are 400s naming the field, in the
 * caller's words; Locations are relative; provider 503s carry Retry-After.
 */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class BadInputTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    static Response postJson(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    static void refused(Response r, String field) {
        r.then()
                .statusCode(400)
                .contentType("application/problem+json")
                .header("X-Request-Id", not(equalTo(null)))
                .body("errors.field", hasItem(field))
                .body(not(containsString("java.")))
                .body(not(containsString("Exception")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/tasks | {\"agent\":\"sonnet-helper\",\"input\":\"a\\u0000b\"} | input",
                "/v1/tasks | {\"agent\":\"sonnet-helper\",\"input\":\"a\",\"metadata\":{\"k\":\"\\u0000\"}} | metadata.k",
                "/v1/tasks | {\"agent\":\"sonnet-helper\",\"input\":\"a\",\"metadata\":{\"k\\u0000\":1}} | metadata",
                "/v1/tasks | {\"agent\":\"sonnet-helper\",\"input\":\"a\",\"metadata\":{\"k\":[{\"x\":\"\\u0000\"}]}} | metadata.k[0].x",
                "/v1/sessions | {\"agent\":\"sonnet-helper\",\"title\":\"\\u0000\"} | title",
                "/v1/sessions | {\"agent\":\"sonnet-helper\",\"metadata\":{\"\\u0000\":\"v\"}} | metadata",
                "/v1/agents/lookup | {\"query\":\"pods \\u0000\"} | query",
                "/v1/agents/validate | {\"content\":\"---\\u0000\"} | content",
            })
    void nulInABodyIsRefusedNamingTheField(String path, String body, String field) {
        refused(postJson(path, body), field);
    }

    @Test
    void nulInParametersIsRefusedNamingTheParameter() {
        // As sent: RestAssured would otherwise encode the % itself.
        refused(given().urlEncodingEnabled(false).get("/v1/tasks?agent=a%00b"), "agent");
        refused(given().urlEncodingEnabled(false).get("/v1/sessions?metadata.team=x%00"), "metadata.team");
        refused(given().urlEncodingEnabled(false).get("/v1/sessions?agent=%00"), "agent");
        refused(given().urlEncodingEnabled(false).get("/v1/agents?q=%00"), "q");
    }

    @ParameterizedTest
    @CsvSource({"/v1/agents/validate", "/v1/sessions", "/v1/agents/lookup", "/v1/tasks"})
    void aNullBodyIsRefused(String path) {
        postJson(path, "null")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(not(containsString("java.")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/sessions | {\"agent\":\"sonnet-helper\"}{\"agent\":\"gpt-helper\"}",
                "/v1/tasks | {\"agent\":\"sonnet-helper\",\"input\":\"hi\"}{\"input\":\"again\"}",
                "/v1/agents/lookup | {\"query\":\"pods\"} 1",
                "/v1/agents/validate | {\"content\":\"x\"} {}",
            })
    void concatenatedDocumentsAreRefused(String path, String body) {
        postJson(path, body)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("after the JSON document"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/sessions | {\"agent\":\"sonnet-helper\"} x",
                "/v1/tasks | {\"agent\":\"sonnet-helper\",\"input\":\"hi\"} ]",
            })
    void trailingGarbageIsRefused(String path, String body) {
        // Not JSON at all after the document: refused as malformed JSON, with its position.
        postJson(path, body)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/sessions | {\"agent\":\"sonnet-helper\",\"titel\":\"x\"} | titel",
                "/v1/agents/lookup | {\"query\":\"pods\",\"limt\":3} | limt",
                "/v1/agents/validate | {\"content\":\"x\",\"name\":\"y\"} | name",
                "/v1/tasks | {\"agent\":\"sonnet-helper\",\"input\":\"hi\",\"temprature\":1} | temprature",
            })
    void unknownFieldsAreRefusedNamingThem(String path, String body, String field) {
        refused(postJson(path, body), field);
    }

    @Test
    void unknownFieldsInPatchAndForkAreRefused() {
        String session =
                postJson("/v1/sessions", "{\"agent\":\"sonnet-helper\"}").path("id");
        refused(
                given().contentType("application/merge-patch+json")
                        .body("{\"titel\":\"x\"}")
                        .patch("/v1/sessions/" + session),
                "titel");
        refused(postJson("/v1/sessions/" + session + "/fork", "{\"messageID\":null}"), "messageID");
        given().contentType("application/merge-patch+json")
                .body("{\"title\":\"ok\"} {}")
                .patch("/v1/sessions/" + session)
                .then()
                .statusCode(400);
    }

    @Test
    void wrongShapesAreExplainedInTheCallersWords() {
        Response r = postJson("/v1/sessions", "{\"agent\":\"sonnet-helper\",\"metadata\":[1]}");
        refused(r, "metadata");
        assertThat(r.<String>path("detail")).contains("must be a JSON object").doesNotContain("LinkedHashMap");
        Response t = postJson("/v1/tasks", "{\"agent\":\"sonnet-helper\",\"input\":\"hi\",\"maxTokens\":\"many\"}");
        refused(t, "maxTokens");
        assertThat(t.<String>path("detail")).contains("whole number").doesNotContain("Integer");
    }

    @Test
    void aGarbageCursorIsRefused() {
        refused(given().get("/v1/agents?cursor=abc"), "cursor");
        refused(
                given().get("/v1/agents?cursor="
                        + java.util.Base64.getUrlEncoder().encodeToString("x".getBytes())),
                "cursor");
        // A cursor the API issued still works.
        String next = given().get("/v1/agents?limit=1").path("nextCursor");
        assertThat(next).isNotNull();
        given().get("/v1/agents?limit=1&cursor=" + next).then().statusCode(200);
    }

    @Test
    void taskMetadataIsCappedLikeSessions() {
        String keys = IntStream.range(0, 51).mapToObj(i -> "\"k" + i + "\":1").collect(Collectors.joining(","));
        Response tooMany =
                postJson("/v1/tasks", "{\"agent\":\"sonnet-helper\",\"input\":\"hi\",\"metadata\":{" + keys + "}}");
        refused(tooMany, "metadata");
        assertThat(tooMany.<String>path("detail")).contains("51 keys");
        String big = "x".repeat(17_000);
        refused(
                postJson(
                        "/v1/tasks",
                        "{\"agent\":\"sonnet-helper\",\"input\":\"hi\",\"metadata\":{\"k\":\"" + big + "\"}}"),
                "metadata");
    }

    @Test
    void locationsAreRelativeWhateverTheHost() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "ok");
        given().contentType(ContentType.JSON)
                .header("Host", "evil.example")
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"" + m + "\",\"background\":true}")
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .header("Location", startsWith("/v1/tasks/"));
        given().contentType(ContentType.JSON)
                .header("Host", "evil.example")
                .body("{\"agent\":\"sonnet-helper\"}")
                .post("/v1/sessions")
                .then()
                .statusCode(201)
                .header("Location", startsWith("/v1/sessions/"));
    }

    @Test
    void aRateLimitedProviderGivesRetryAfterFromItsHeader() {
        String m = Stubs.marker();
        wm.stubFor(
                Stubs.lastMessage(Stubs.ANTHROPIC, m)
                        .atPriority(5)
                        .willReturn(
                                aResponse()
                                        .withStatus(429)
                                        .withHeader("Content-Type", "application/json")
                                        .withHeader("retry-after", "17")
                                        .withBody(
                                                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}")));
        Response r = postJson("/v1/tasks", "{\"agent\":\"sonnet-helper\",\"input\":\"" + m + "\"}");
        r.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "17");
        String taskId = r.path("taskId");
        given().get("/v1/tasks/" + taskId).then().body("error.retryAfter", equalTo(17));
    }

    @TestHTTPResource("/")
    java.net.URL base;

    @Test
    void aBodyOverTheLimitIsAProblemWithTheRequestId() throws Exception {
        // Only the headers: the answer comes before any body is read.
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("POST /v1/sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                    + "X-Request-Id: big-body-1\r\nContent-Length: 20000000\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT))
                    .contains("content-type: application/problem+json")
                    .contains("x-request-id: big-body-1");
            assertThat(answer).contains("\"status\":413").contains("content-too-large");
        }
    }
}
