package io.agentruntime.openaicompat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.provider.ProviderFixtures;
import io.agentruntime.task.Stubs;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** OpenAI's Responses API on tasks, over HTTP, with bodies as OpenAI's API reference shows them. */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class OpenAiResponsesTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    private static String marker() {
        return Stubs.marker();
    }

    private void answers(String marker, String text) {
        Stubs.anthropic(wm, marker, text);
    }

    private void streams(String marker, String... parts) {
        Stubs.anthropicStream(wm, marker, List.of(parts));
    }

    private static io.restassured.response.Response create(String body) {
        return given().contentType("application/json").body(body).post("/openai/v1/responses");
    }

    @Test
    void aWholeResponseIsAResponseObjectWithItsTextAndUsage() {
        String m = marker();
        answers(m, "Hello back.");
        JsonPath r = create("{\"model\":\"sonnet-helper\",\"input\":\"Hello " + m
                        + "\",\"instructions\":\"Be brief.\",\"store\":true,\"temperature\":0.2}")
                .then()
                .statusCode(200)
                .body("id", startsWith("resp_"))
                .body("object", equalTo("response"))
                .body("status", equalTo("completed"))
                .body("model", equalTo("sonnet-helper"))
                .body("instructions", equalTo("Be brief."))
                .body("output[0].type", equalTo("message"))
                .body("output[0].role", equalTo("assistant"))
                .body("output[0].content[0].type", equalTo("output_text"))
                .body("output[0].content[0].text", equalTo("Hello back."))
                .body("usage.input_tokens", equalTo(21))
                .body("usage.output_tokens", equalTo(7))
                .body("usage.total_tokens", equalTo(28))
                .extract()
                .jsonPath();
        wm.verify(postRequestedFor(urlEqualTo("/v1/messages")).withRequestBody(containing("Be brief.")));

        // The response is its task: read again by its id, and through /v1.
        String id = r.getString("id");
        given().get("/openai/v1/responses/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("output[0].content[0].text", equalTo("Hello back."));
        given().get("/v1/tasks/" + id.substring("resp_".length()))
                .then()
                .statusCode(200)
                .body("output", equalTo("Hello back."));
    }

    @Test
    void previousResponseIdContinuesItsSessionWithOnlyTheNewTurn() {
        String m = marker();
        answers(m, "Paris.");
        String first = create(
                        "{\"model\":\"sonnet-helper\",\"input\":[{\"role\":\"user\",\"content\":\"Capital of France? "
                                + m + "\"}]}")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        String again = marker();
        answers(again, "About two million.");
        String second = create("{\"model\":\"sonnet-helper\",\"previous_response_id\":\"" + first
                        + "\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                        + "\"text\":\"Its population? " + again + "\"}]}]}")
                .then()
                .statusCode(200)
                .body("previous_response_id", equalTo(first))
                .body("output[0].content[0].text", equalTo("About two million."))
                .extract()
                .path("id");
        // The model saw the first exchange, taken from the session.
        wm.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(containing(again))
                .withRequestBody(containing("Capital of France?"))
                .withRequestBody(containing("Paris.")));
        String session = given().get("/v1/tasks/" + first.substring(5)).path("sessionId");
        assertThat((String) given().get("/v1/tasks/" + second.substring(5)).path("sessionId"))
                .isEqualTo(session);
        given().get("/v1/sessions/" + session + "/messages").then().body("items.size()", equalTo(4));
    }

    @Test
    void aStreamIsOpenAisEventsInOrderEndingWithCompleted() {
        String m = marker();
        streams(m, "Hello ", "there.");
        String sse = create("{\"model\":\"sonnet-helper\",\"input\":\"Hi " + m + "\",\"stream\":true}")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/event-stream"))
                .extract()
                .asString();
        List<String> types = new ArrayList<>();
        List<JsonPath> data = new ArrayList<>();
        for (String frame : sse.split("\n\n")) {
            String[] lines = frame.strip().split("\n");
            assertThat(lines[0]).startsWith("event: ");
            JsonPath event = new JsonPath(lines[1].substring("data: ".length()));
            assertThat(event.getString("type")).isEqualTo(lines[0].substring("event: ".length()));
            assertThat(event.getInt("sequence_number")).isEqualTo(types.size());
            types.add(event.getString("type"));
            data.add(event);
        }
        assertThat(types)
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.completed");
        assertThat(data.get(0).getString("response.status")).isEqualTo("in_progress");
        assertThat(data.get(4).getString("delta")).isEqualTo("Hello ");
        assertThat(data.get(6).getString("text")).isEqualTo("Hello there.");
        JsonPath completed = data.getLast();
        assertThat(completed.getString("response.status")).isEqualTo("completed");
        assertThat(completed.getString("response.output[0].content[0].text")).isEqualTo("Hello there.");
        assertThat(completed.getInt("response.usage.total_tokens")).isPositive();
        assertThat(completed.getString("response.id")).isEqualTo(data.get(0).getString("response.id"));
    }

    @Test
    void aBackgroundResponseIsQueuedThenReadByItsId() {
        String m = marker();
        // The workers that run background tasks stream from the provider.
        streams(m, "Done in the ", "background.");
        String id = create("{\"model\":\"sonnet-helper\",\"input\":\"Later " + m + "\",\"background\":true}")
                .then()
                .statusCode(200)
                .body("background", equalTo(true))
                .extract()
                .path("id");
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> "completed"
                        .equals(given().get("/openai/v1/responses/" + id).path("status")));
        given().get("/openai/v1/responses/" + id)
                .then()
                .body("output[0].content[0].text", equalTo("Done in the background."));
    }

    @Test
    void failuresComeInOpenAisErrorShape() {
        create("{\"model\":\"no-such-agent\",\"input\":\"hi\"}")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("model_not_found"));
        create("{\"model\":\"sonnet-helper\",\"input\":\"hi\",\"previous_response_id\":\"resp_" + UUID.randomUUID()
                        + "\"}")
                .then()
                .statusCode(404)
                .body("error.param", equalTo("previous_response_id"))
                .body("error.message", notNullValue());
        given().get("/openai/v1/responses/resp_nonsense").then().statusCode(404).body("error.type", notNullValue());
        create(
                        "{\"model\":\"sonnet-helper\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"x\"}]}")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("input[0]"));
        create("{\"model\":\"sonnet-helper\",\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("tools"));
        create("{\"model\":\"sonnet-helper\",\"input\":42}")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("input"));
    }

    @Test
    void malformedJsonIsAnOpenAiErrorNotAProblem() {
        for (String path : List.of("/openai/v1/responses", "/openai/v1/chat/completions")) {
            given().contentType("application/json")
                    .body("{\"model\": \"sonnet-helper\", ")
                    .post(path)
                    .then()
                    .statusCode(400)
                    .contentType(startsWith("application/json"))
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.message", startsWith("The request body is not valid JSON"));
            given().contentType("application/json")
                    .body("{\"model\": \"sonnet-helper\", \"temperature\": \"hot\", \"input\": \"x\"}")
                    .post(path)
                    .then()
                    .statusCode(400)
                    .body("error.param", equalTo("temperature"));
        }
    }

    @Test
    void aBackgroundResponseIsCancelledByItsId() {
        String m = marker();
        Stubs.anthropicSlowStream(wm, m, "part", 6, 30_000);
        String id = create("{\"model\":\"sonnet-helper\",\"input\":\"Slowly " + m + "\",\"background\":true}")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        given().post("/openai/v1/responses/" + id + "/cancel").then().statusCode(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> "cancelled"
                        .equals(given().get("/openai/v1/responses/" + id).path("status")));
        given().get("/v1/tasks/" + id.substring("resp_".length())).then().body("status", equalTo("canceled"));
        // Cancelling what has ended is refused in OpenAI's shape.
        given().post("/openai/v1/responses/" + id + "/cancel")
                .then()
                .statusCode(409)
                .body("error.message", notNullValue());
    }

    @Test
    void aProviderFailureIsAnErrorWholeAndResponseFailedStreamed() {
        String m = marker();
        wm.stubFor(post("/v1/messages")
                .withRequestBody(containing(m))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody(ProviderFixtures.anthropicError("api_error", "Internal server error"))));
        create("{\"model\":\"sonnet-helper\",\"input\":\"Fail " + m + "\"}")
                .then()
                .statusCode(502)
                .body("error.type", equalTo("api_error"));
        String sse = create("{\"model\":\"sonnet-helper\",\"input\":\"Fail streamed " + m + "\",\"stream\":true}")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String[] frames = sse.strip().split("\n\n");
        String last = frames[frames.length - 1];
        assertThat(last).startsWith("event: response.failed\n");
        JsonPath failed = new JsonPath(last.substring(last.indexOf("data: ") + "data: ".length()));
        assertThat(failed.getString("response.status")).isEqualTo("failed");
        assertThat(failed.getString("response.error.code")).isEqualTo("server_error");
        assertThat(failed.getString("response.error.message")).isNotBlank();
    }
}
