package io.agentruntime.openaicompat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.models.Model;
import io.agentruntime.auth.AuthOnProfile;
import io.agentruntime.auth.Roles;
import io.agentruntime.auth.key.ApiKeys;
import io.agentruntime.auth.key.NewApiKey;
import io.agentruntime.task.Stubs;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible way in with authentication on: the SDK's API key is the caller's {@code ark_} key,
 * no or a bad key is OpenAI's 401 (the official Java SDK raises its UnauthorizedException), and another
 * tenant's session or response is "not found", exactly like one that never existed.
 */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
@WithTestResource(ProviderWireMock.class)
class OpenAiAuthTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    ApiKeys keys;

    @TestHTTPResource("/openai/v1")
    URI base;

    private String key(String tenant) {
        return keys.create(new NewApiKey(tenant, "openai-" + UUID.randomUUID(), Roles.CALLER, null, "test"))
                .secret();
    }

    private OpenAIClient sdk(String apiKey) {
        return OpenAIOkHttpClient.builder()
                .apiKey(apiKey)
                .baseUrl(base.toString())
                .maxRetries(0)
                .build();
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType("application/json");
    }

    @Test
    void theSdksKeyIsTheCallersKeyAndABadOneIsOpenAis401() {
        String key = key("openai-" + UUID.randomUUID());
        assertThat(sdk(key).models().list().data()).extracting(Model::id).contains("sonnet-helper");

        assertThatThrownBy(() -> sdk("ark_000000000000_0000000000000000000000000000000000000000000")
                        .models()
                        .list())
                .isInstanceOf(UnauthorizedException.class)
                .satisfies(e -> assertThat(((UnauthorizedException) e).code()).contains("invalid_api_key"));

        for (String path : new String[] {"/models", "/chat/completions", "/responses"}) {
            var noKey = path.equals("/models")
                    ? given().get("/openai/v1" + path)
                    : given().contentType("application/json").body("{}").post("/openai/v1" + path);
            noKey.then()
                    .statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .contentType(startsWith("application/json"))
                    .body("error.code", equalTo("invalid_api_key"))
                    .body("error.type", equalTo("invalid_request_error"));
        }
        // Refused before the body is read: a malformed body says no more than a good one.
        as("ark_nonsense")
                .body("{not json")
                .post("/openai/v1/chat/completions")
                .then()
                .statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
    }

    @Test
    void anotherTenantsSessionAndResponseAreNotFound() {
        String a = key("tenant-a-" + UUID.randomUUID());
        String b = key("tenant-b-" + UUID.randomUUID());
        String m = "m-" + UUID.randomUUID();
        Stubs.anthropic(wm, m, "A's answer.");
        var created = as(a).body("{\"model\":\"sonnet-helper\",\"input\":\"A's question " + m + "\"}")
                .post("/openai/v1/responses")
                .then()
                .statusCode(200)
                .extract();
        String response = created.path("id");
        String session =
                as(a).get("/v1/tasks/" + response.substring("resp_".length())).path("sessionId");

        String unknown = as(b).body("{\"model\":\"sonnet-helper\",\"input\":\"x\",\"previous_response_id\":\"resp_"
                        + UUID.randomUUID() + "\"}")
                .post("/openai/v1/responses")
                .then()
                .statusCode(404)
                .extract()
                .path("error.message");
        String others = as(b).body(
                        "{\"model\":\"sonnet-helper\",\"input\":\"x\",\"previous_response_id\":\"" + response + "\"}")
                .post("/openai/v1/responses")
                .then()
                .statusCode(404)
                .body("error.param", equalTo("previous_response_id"))
                .extract()
                .path("error.message");
        assertThat(others.replaceAll("resp_[0-9a-f-]+", "ID")).isEqualTo(unknown.replaceAll("resp_[0-9a-f-]+", "ID"));
        as(b).get("/openai/v1/responses/" + response).then().statusCode(404);
        as(b).header("X-Session-Id", session)
                .body("{\"model\":\"sonnet-helper\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/openai/v1/chat/completions")
                .then()
                .statusCode(404)
                .body("error.type", equalTo("not_found_error"));

        // A still has both.
        as(a).get("/openai/v1/responses/" + response)
                .then()
                .statusCode(200)
                .body("output[0].content[0].text", equalTo("A's answer."));
    }
}
