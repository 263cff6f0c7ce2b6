package io.agentruntime.openaicompat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.provider.ProviderFixtures;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible way in, over HTTP, with bodies as OpenAI's API reference shows them. */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class OpenAiCompatTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    private static String marker() {
        return "m-" + UUID.randomUUID();
    }

    private void answers(String marker, String text) {
        wm.stubFor(post("/v1/messages")
                .withRequestBody(containing(marker))
                .withRequestBody(notContaining("\"stream\":true"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(ProviderFixtures.anthropicMessage(text))));
    }

    private void streams(String marker, String... parts) {
        StringBuilder body = new StringBuilder(ProviderFixtures.anthropicStart());
        Arrays.stream(parts).forEach(p -> body.append(ProviderFixtures.anthropicDelta(p)));
        wm.stubFor(post("/v1/messages")
                .withRequestBody(containing(marker))
                .withRequestBody(containing("\"stream\":true"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream; charset=utf-8")
                        .withBody(body + ProviderFixtures.anthropicEnd())));
    }

    private static String chat(String model, boolean stream, String... messages) {
        StringBuilder sb = new StringBuilder("{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"stream_options\":" + (stream ? "{\"include_usage\":true}" : "null")
                + ",\"temperature\":0.2,\"n\":1,\"messages\":[");
        for (int i = 0; i < messages.length; i += 2) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"role\":\"")
                    .append(messages[i])
                    .append("\",\"content\":\"")
                    .append(messages[i + 1])
                    .append("\"}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void everyAgentIsAModel() {
        given().get("/openai/v1/models")
                .then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItem("sonnet-helper"))
                .body("data[0].object", equalTo("model"))
                .body("data[0].owned_by", equalTo("agent-runtime"));
        given().get("/openai/v1/models/sonnet-helper").then().statusCode(200).body("id", equalTo("sonnet-helper"));
        given().get("/openai/v1/models/no-such-agent")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("model_not_found"))
                .body("error.param", equalTo("model"));
    }

    @Test
    void aWholeCompletionComesBackAsOpenAiShapesIt() {
        String m = marker();
        answers(m, "Four.");
        Response r = given().contentType("application/json")
                .body(chat("sonnet-helper", false, "user", "What is 2+2? " + m))
                .post("/openai/v1/chat/completions");
        r.then()
                .statusCode(200)
                .contentType("application/json")
                .body("object", equalTo("chat.completion"))
                .body("id", org.hamcrest.Matchers.startsWith("chatcmpl-"))
                .body("model", equalTo("sonnet-helper"))
                .body("choices[0].index", equalTo(0))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", equalTo("Four."))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.prompt_tokens", equalTo(12))
                .body("usage.completion_tokens", equalTo(7))
                .body("usage.total_tokens", equalTo(19));
        String session = r.header("X-Session-Id");
        assertThat(session).isNotBlank();
        given().get("/v1/sessions/" + session + "/messages")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(2));
    }

    @Test
    void aStreamIsChunksThenUsageThenDone() {
        String m = marker();
        streams(m, "Fo", "ur.");
        String body = given().contentType("application/json")
                .accept("application/json")
                .body(chat("sonnet-helper", true, "user", "What is 2+2? " + m))
                .post("/openai/v1/chat/completions")
                .then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/event-stream"))
                .extract()
                .asString();
        List<String> data = body.lines()
                .filter(l -> l.startsWith("data: "))
                .map(l -> l.substring(6))
                .toList();
        assertThat(data.getLast()).isEqualTo("[DONE]");
        assertThat(data.getFirst())
                .contains("\"object\":\"chat.completion.chunk\"")
                .contains("\"role\":\"assistant\"");
        assertThat(data)
                .anyMatch(d -> d.contains("\"content\":\"Fo\""))
                .anyMatch(d -> d.contains("\"content\":\"ur.\""));
        assertThat(data.stream()
                        .filter(d -> d.contains("\"finish_reason\":\"stop\""))
                        .count())
                .isEqualTo(1);
        String usage = data.get(data.size() - 2);
        assertThat(usage).contains("\"choices\":[]").contains("\"total_tokens\":");
    }

    @Test
    void theHistoryARequestCarriesReachesTheModelAndContinuingSendsOnlyTheNewTurn() {
        String m = marker();
        answers(m, "Paris, still.");
        Response first = given().contentType("application/json")
                .body(chat(
                        "sonnet-helper",
                        false,
                        "system",
                        "Answer in two words.",
                        "user",
                        "Capital of France?",
                        "assistant",
                        "Paris, France.",
                        "user",
                        "And now? " + m))
                .post("/openai/v1/chat/completions");
        first.then().statusCode(200).body("choices[0].message.content", equalTo("Paris, still."));
        wm.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(containing("Capital of France?"))
                .withRequestBody(containing("Paris, France."))
                .withRequestBody(containing("Answer in two words.")));
        String session = first.header("X-Session-Id");

        String again = marker();
        answers(again, "Still Paris.");
        given().contentType("application/json")
                .header("X-Session-Id", session)
                .body(chat(
                        "sonnet-helper",
                        false,
                        "user",
                        "ignored old turn",
                        "assistant",
                        "ignored",
                        "user",
                        "Sure? " + again))
                .post("/openai/v1/chat/completions")
                .then()
                .statusCode(200)
                .header("X-Session-Id", equalTo(session));
        // 2 history turns + the first exchange + the second exchange; the resent old turns were not stored.
        given().get("/v1/sessions/" + session + "/messages")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(6));
    }

    @Test
    void failuresComeInOpenAisErrorShape() {
        given().contentType("application/json")
                .body(chat("no-such-agent", false, "user", "hello"))
                .post("/openai/v1/chat/completions")
                .then()
                .statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("model_not_found"))
                .body("error.message", notNullValue());
        given().contentType("application/json")
                .body(chat("sonnet-helper", false, "user", "hello", "assistant", "hi"))
                .post("/openai/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("messages"));
        given().contentType("application/json")
                .body(chat("sonnet-helper", false, "tool", "{}", "user", "hello"))
                .post("/openai/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("messages[0].role"));
        given().contentType("application/json")
                .header("X-Session-Id", UUID.randomUUID().toString())
                .body(chat("sonnet-helper", false, "user", "hello"))
                .post("/openai/v1/chat/completions")
                .then()
                .statusCode(404)
                .body("error.type", equalTo("not_found_error"));
    }

    @Test
    void aProviderFailureIsAnOpenAiApiError() {
        String m = marker();
        wm.stubFor(post("/v1/messages")
                .withRequestBody(containing(m))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody(ProviderFixtures.anthropicError("api_error", "Internal server error"))));
        given().contentType("application/json")
                .body(chat("sonnet-helper", false, "user", "hello " + m))
                .post("/openai/v1/chat/completions")
                .then()
                .statusCode(502)
                .body("error.type", equalTo("api_error"))
                .body("error.message", notNullValue());
    }
}
