package io.agentruntime.task;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class BlockingTaskTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    ObjectMapper json;

    @Test
    void blockingTaskOnAnthropic() throws Exception {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Use a parameterised query.");

        Response r = given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"Is this safe? " + m
                        + "\",\"maxTokens\":300,\"temperature\":0.3," + "\"metadata\":{\"ticket\":\"T-1\"}}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("status", equalTo("completed"))
                .body("mode", equalTo("blocking"))
                .body("agent", equalTo("sonnet-helper"))
                .body("provider", equalTo("anthropic"))
                .body("model", equalTo("claude-sonnet-4-6"))
                .body("output", equalTo("Use a parameterised query."))
                .body("usage.inputTokens", equalTo(21))
                .body("usage.outputTokens", equalTo(7))
                .body("metadata.ticket", equalTo("T-1"))
                .body("attempts", equalTo(1))
                .body("durationMs", greaterThanOrEqualTo(0))
                .body("sessionId", notNullValue())
                .body("lookup", nullValue())
                .extract()
                .response();

        JsonNode sent =
                json.readTree(Stubs.requests(wm, Stubs.ANTHROPIC, m).get(0).getBodyAsString());
        assertThat(sent.get("model").asText()).isEqualTo("claude-sonnet-4-6");
        assertThat(sent.get("system").asText())
                .isEqualTo("You are the sonnet helper of the task tests. Answer briefly.");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(300);
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(sent.get("messages")).hasSize(1);
        assertThat(sent.get("messages").get(0).get("role").asText()).isEqualTo("user");
        wm.verify(Stubs.requested(Stubs.ANTHROPIC, m)
                .withHeader("x-api-key", WireMock.equalTo(ProviderWireMock.ANTHROPIC_KEY))
                .withHeader("anthropic-version", WireMock.equalTo("2023-06-01")));

        // The session holds the question and the answer, the answer with its model and usage.
        String session = r.path("sessionId");
        given().get("/v1/sessions/" + session + "/messages")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].role", equalTo("user"))
                .body("items[0].content", containsString(m))
                .body("items[1].role", equalTo("assistant"))
                .body("items[1].content", equalTo("Use a parameterised query."))
                .body("items[1].usage.outputTokens", equalTo(7));
        given().get("/v1/tasks/" + r.path("id")).then().statusCode(200).body("status", equalTo("completed"));
    }

    @Test
    void blockingTaskOnOpenAi() throws Exception {
        String m = Stubs.marker();
        Stubs.openai(wm, m, "Hello from GPT");

        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"gpt-helper\",\"input\":\"Say hello " + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("provider", equalTo("openai"))
                .body("output", equalTo("Hello from GPT"))
                .body("usage.inputTokens", equalTo(19))
                .body("usage.outputTokens", equalTo(10));

        JsonNode sent = json.readTree(Stubs.requests(wm, Stubs.OPENAI, m).get(0).getBodyAsString());
        assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.get("messages").get(0).get("role").asText()).isEqualTo("system");
        assertThat(sent.get("messages").get(0).get("content").asText())
                .isEqualTo("You are the gpt helper of the task tests.");
        assertThat(sent.get("messages").get(1).get("role").asText()).isEqualTo("user");
        wm.verify(Stubs.requested(Stubs.OPENAI, m)
                .withHeader("Authorization", WireMock.equalTo("Bearer " + ProviderWireMock.OPENAI_KEY)));
    }

    @Test
    void continuedSessionSendsThePreviousTurnsOldestFirstWithTheSystemPrompt() throws Exception {
        String m1 = Stubs.marker();
        String m2 = Stubs.marker();
        String m3 = Stubs.marker();
        Stubs.anthropic(wm, m1, "First answer");
        Stubs.anthropic(wm, m2, "Second answer");
        Stubs.anthropic(wm, m3, "Third answer");

        String session = given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"First question " + m1 + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .path("sessionId");
        // Through POST /v1/tasks with the session id, then through the sessions API: the agent is the session's.
        given().contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + session + "\",\"input\":\"Second question " + m2 + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("agent", equalTo("sonnet-helper"))
                .body("sessionId", equalTo(session));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Third question " + m3 + "\"}")
                .post("/v1/sessions/" + session + "/messages")
                .then()
                .statusCode(200)
                .body("output", equalTo("Third answer"))
                .body("sessionId", equalTo(session));

        JsonNode sent =
                json.readTree(Stubs.requests(wm, Stubs.ANTHROPIC, m3).get(0).getBodyAsString());
        assertThat(sent.get("system").asText())
                .isEqualTo("You are the sonnet helper of the task tests. Answer briefly.");
        List<String> turns = sent.get("messages").findValuesAsText("content");
        assertThat(turns)
                .containsExactly(
                        "First question " + m1,
                        "First answer",
                        "Second question " + m2,
                        "Second answer",
                        "Third question " + m3);
        assertThat(sent.get("messages").findValuesAsText("role"))
                .containsExactly("user", "assistant", "user", "assistant", "user");

        // The reading side of the sessions API still answers on the same path.
        given().get("/v1/sessions/" + session + "/messages")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(6));
    }

    @Test
    void modelResolutionThroughTheTask() throws Exception {
        String inherit = Stubs.marker();
        String alias = Stubs.marker();
        String override = Stubs.marker();
        String idOverride = Stubs.marker();
        Stubs.anthropic(wm, inherit, "a");
        Stubs.anthropic(wm, alias, "b");
        Stubs.openai(wm, override, "c");
        Stubs.anthropic(wm, idOverride, "d");

        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"inherit-helper\",\"input\":\"" + inherit + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("provider", equalTo("anthropic"));
        wm.verify(Stubs.requested(Stubs.ANTHROPIC, inherit)
                .withRequestBody(matchingJsonPath("$.model", WireMock.equalTo("claude-sonnet-4-6"))));

        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"haiku-helper\",\"input\":\"" + alias + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("provider", equalTo("anthropic"));
        wm.verify(Stubs.requested(Stubs.ANTHROPIC, alias)
                .withRequestBody(matchingJsonPath("$.model", WireMock.equalTo("claude-haiku-4-5"))));

        // The task's model wins over the agent's: an OpenAI id moves a sonnet agent to the OpenAI provider.
        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"model\":\"gpt-4.1\",\"input\":\"" + override + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("provider", equalTo("openai"));
        wm.verify(Stubs.requested(Stubs.OPENAI, override)
                .withRequestBody(matchingJsonPath("$.model", WireMock.equalTo("gpt-4.1"))));

        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"gpt-helper\",\"model\":\"haiku\",\"input\":\"" + idOverride + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("provider", equalTo("anthropic"));
        wm.verify(Stubs.requested(Stubs.ANTHROPIC, idOverride)
                .withRequestBody(matchingJsonPath("$.model", WireMock.equalTo("claude-haiku-4-5"))));
    }

    @Test
    void providerErrorFailsTheTaskWithAProblemThatHidesTheProviderBody() {
        String m = Stubs.marker();
        wm.stubFor(Stubs.lastMessage(Stubs.ANTHROPIC, m)
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy")
                        .withBody("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                                + "\"message\":\"SECRET-PROVIDER-DETAIL messages: roles must alternate\"}}")));

        Response r = given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"" + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agent-runtime.dev/problems/provider-error"))
                .body("providerRequestId", equalTo("req_011CSHoEeqs5C35K2UUqR7Fy"))
                .body("provider", equalTo("anthropic"))
                .body("taskId", notNullValue())
                .body("requestId", notNullValue())
                .body("detail", not(containsString("SECRET-PROVIDER-DETAIL")))
                .header("Location", containsString("/v1/tasks/"))
                .extract()
                .response();
        assertThat(r.asString()).doesNotContain("SECRET-PROVIDER-DETAIL").doesNotContain("invalid_request_error");

        String task = r.path("taskId");
        given().get("/v1/tasks/" + task)
                .then()
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("error.kind", equalTo("bad_request"))
                .body("error.providerRequestId", equalTo("req_011CSHoEeqs5C35K2UUqR7Fy"))
                .body("output", nullValue());
        // The question stays in the session; there is no answer.
        String session = given().get("/v1/tasks/" + task).path("sessionId");
        given().get("/v1/sessions/" + session + "/messages")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].role", equalTo("user"));
    }

    @Test
    void lookupChoosesTheAgentWhenNoneIsNamed() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Add an index on orders(customer_id).");

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Why does my PostgreSQL query do a sequential scan instead of using the index? " + m
                        + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("agent", equalTo("postgres-tuner"))
                .body("lookup.agent", equalTo("postgres-tuner"))
                .body("lookup.score", notNullValue())
                .body("lookup.reasons.size()", greaterThanOrEqualTo(1))
                .body("output", equalTo("Add an index on orders(customer_id)."));
        wm.verify(Stubs.requested(Stubs.ANTHROPIC, m)
                .withRequestBody(matchingJsonPath(
                        "$.system",
                        WireMock.equalTo(
                                "You are a PostgreSQL performance tuner. Read query plans and propose indexes."))));
    }

    @Test
    void unknownAgentIs404BeforeAnythingIsWritten() {
        int before = given().get("/v1/tasks?limit=100").path("items.size()");
        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"no-such-agent\",\"input\":\"hi\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("no-such-agent"));
        given().get("/v1/tasks?limit=100").then().body("items.size()", equalTo(before));
    }

    @Test
    void providerNotConfiguredIs503NamingTheSettingBeforeAnythingIsWritten() {
        String m = Stubs.marker();
        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"unconfigured-helper\",\"input\":\"" + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agent-runtime.dev/problems/not-configured"))
                .body("detail", containsString("providers.spare"));
        given().get("/v1/tasks?agent=unconfigured-helper")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void unknownTaskAndSessionAre404() {
        given().get("/v1/tasks/01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .post("/v1/sessions/01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e/messages")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e"));
        given().contentType(ContentType.JSON)
                .body(
                        "{\"agent\":\"sonnet-helper\",\"sessionId\":\"01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e\",\"input\":\"hi\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(404);
    }
}
