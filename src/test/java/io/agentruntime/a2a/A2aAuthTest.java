package io.agentruntime.a2a;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.auth.AuthOnProfile;
import io.agentruntime.auth.Roles;
import io.agentruntime.auth.key.ApiKeys;
import io.agentruntime.auth.key.NewApiKey;
import io.agentruntime.task.Stubs;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With authentication on: the cards stay public and declare the bearer scheme, the operations need the
 * credentials of /v1, and tenancy holds: another tenant's task is TaskNotFound on every operation that
 * names it, its conversation is no conversation, its tasks are in no list.
 */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
@WithTestResource(ProviderWireMock.class)
class A2aAuthTest {

    private static final String AGENT = "/a2a/sonnet-helper";

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    ApiKeys keys;

    @Test
    void theCardsArePublicAndDeclareTheBearerScheme() {
        given().get(AGENT + "/.well-known/agent-card.json")
                .then()
                .statusCode(200)
                .body("securitySchemes.bearer.httpAuthSecurityScheme.scheme", equalTo("Bearer"))
                .body("securityRequirements[0].schemes.bearer.list.size()", equalTo(0));
        given().get("/.well-known/agent-card.json")
                .then()
                .statusCode(200)
                .body("securitySchemes.bearer.httpAuthSecurityScheme.bearerFormat", equalTo("ark_ API key or JWT"));
    }

    @Test
    void theOperationsNeedCredentials() {
        given().header("A2A-Version", "1.0")
                .contentType(ContentType.JSON)
                .body(rpc("GetTask", "{\"id\": \"" + UUID.randomUUID() + "\"}"))
                .post(AGENT)
                .then()
                .statusCode(401);
        // Both bindings answer a refusal as the rest of the API does (the specification's HTTP errors are
        // problem documents), with the challenge that says which scheme to use.
        given().header("A2A-Version", "1.0")
                .get(AGENT + "/tasks")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
        given().header("A2A-Version", "1.0")
                .header("Authorization", "Bearer ark_nope_nope")
                .get(AGENT + "/tasks")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void anotherTenantsTaskIsNotFound() {
        String a = key("a2a-a-" + Stubs.marker());
        String b = key("a2a-b-" + Stubs.marker());
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "A's answer.");
        JsonPath sent = JsonPath.from(as(a).contentType(ContentType.JSON)
                .body(rpc(
                        "SendMessage",
                        "{\"message\": {\"messageId\": \"1\", \"role\": \"ROLE_USER\", \"parts\": [{\"text\": \"" + m
                                + "\"}]}}"))
                .post(AGENT)
                .asString());
        String task = sent.getString("result.task.id");
        String context = sent.getString("result.task.contextId");
        assertThat(sent.getString("result.task.status.state"))
                .as(sent.prettify())
                .isEqualTo("TASK_STATE_COMPLETED");

        for (String method : new String[] {"GetTask", "CancelTask", "SubscribeToTask"}) {
            JsonPath answer = JsonPath.from(as(b).contentType(ContentType.JSON)
                    .body(rpc(method, "{\"id\": \"" + task + "\"}"))
                    .post(AGENT)
                    .asString());
            assertThat(answer.getInt("error.code")).as(method).isEqualTo(-32001);
        }
        as(b).get(AGENT + "/tasks/" + task)
                .then()
                .statusCode(404)
                .body("error.details[0].reason", equalTo("TASK_NOT_FOUND"));
        as(b).post(AGENT + "/tasks/" + task + ":cancel").then().statusCode(404);
        as(b).get(AGENT + "/tasks?contextId=" + context).then().statusCode(200).body("tasks.size()", equalTo(0));
        JsonPath intoA = JsonPath.from(as(b).contentType(ContentType.JSON)
                .body(rpc(
                        "SendMessage",
                        "{\"message\": {\"messageId\": \"2\", \"role\": \"ROLE_USER\", \"contextId\": \"" + context
                                + "\", \"parts\": [{\"text\": \"mine now\"}]}}"))
                .post(AGENT)
                .asString());
        assertThat(intoA.getInt("error.code")).isEqualTo(-32602);

        // A still sees all of it.
        as(a).get(AGENT + "/tasks?contextId=" + context).then().statusCode(200).body("tasks[0].id", equalTo(task));
        as(a).get(AGENT + "/tasks/" + task)
                .then()
                .statusCode(200)
                .body("status.state", equalTo("TASK_STATE_COMPLETED"));
    }

    private static String rpc(String method, String params) {
        return "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"" + method + "\", \"params\": " + params + "}";
    }

    private String key(String tenant) {
        return keys.create(new NewApiKey(tenant, "a2a-test", Roles.CALLER, null, "test"))
                .secret();
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).header("A2A-Version", "1.0");
    }
}
