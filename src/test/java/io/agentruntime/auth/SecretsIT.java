package io.agentruntime.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.deploy.EmbeddedPostgresResource;
import io.agentruntime.provider.ProviderFixtures;
import io.agentruntime.testing.Management;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * No secret leaves the packaged application: after a flow that creates, uses, misuses and revokes an API
 * key, authenticates with JWTs good and bad, and runs tasks on a provider whose key is configured (one
 * answered, one refused by the provider), neither the application's whole log (at DEBUG for its own
 * classes), nor any answer but the key's creation, nor the metrics, nor the OpenAPI document holds a key,
 * a key's hash, a token, a token's signature or the provider's key.
 */
@QuarkusIntegrationTest
@TestProfile(SecretsIT.AuthAndDebugLogs.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(Management.Port.class)
@WithTestResource(ProviderWireMock.class)
class SecretsIT {

    /** Both ways to authenticate, and the application's own debug lines in the log. */
    public static class AuthAndDebugLogs extends AuthOnProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new LinkedHashMap<>(super.getConfigOverrides());
            config.put("quarkus.log.category.\"io.agentruntime\".level", "DEBUG");
            return config;
        }
    }

    /** The packaged application's log under a {@code @QuarkusIntegrationTest}. */
    private static final Path LOG = Path.of("target", "quarkus.log");

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    private final List<Response> answers = new ArrayList<>();

    @Test
    void noKeyTokenOrHashIsEverLoggedAnsweredScrapedOrDocumented() throws Exception {
        String marker = "m-" + UUID.randomUUID();
        wm.stubFor(post("/v1/messages")
                .withRequestBody(containing("answer " + marker))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(ProviderFixtures.anthropicMessage("An answer."))));
        wm.stubFor(post("/v1/messages")
                .withRequestBody(containing("refuse " + marker))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody(ProviderFixtures.anthropicError("authentication_error", "invalid x-api-key"))));

        String adminToken = Tokens.token().tenant("ops").groups("admin").sign();
        Response created = given().header("Authorization", "Bearer " + adminToken)
                .contentType(ContentType.JSON)
                .body("{\"tenant\": \"team-s\", \"name\": \"ci\", \"role\": \"caller\"}")
                .post("/v1/admin/keys");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String key = created.jsonPath().getString("apiKey");
        String keyId = created.jsonPath().getString("key.id");
        assertThat(key).startsWith("ark_");

        // Used well, used wrongly, beyond its role, revoked.
        record(given().header("Authorization", "Bearer " + key).get("/v1/agents"), 200);
        String task = "{\"agent\": \"sonnet-helper\", \"input\": \"answer " + marker + "\"}";
        record(task(key, task), 200);
        // The provider refuses its key: a 502 problem that names the setting, not the key.
        record(task(key, "{\"agent\": \"sonnet-helper\", \"input\": \"refuse " + marker + "\"}"), 502);
        String wrongKey = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        record(given().header("Authorization", "Bearer " + wrongKey).get("/v1/agents"), 401);
        record(given().header("Authorization", "Bearer " + key).get("/v1/admin/keys"), 403);
        record(given().header("Authorization", "Bearer " + adminToken).delete("/v1/admin/keys/" + keyId), 204);
        record(given().header("Authorization", "Bearer " + key).get("/v1/agents"), 401);

        // Tokens: good, expired, for another audience, badly signed.
        String callerToken = Tokens.token().tenant("team-s").sign();
        record(given().header("Authorization", "Bearer " + callerToken).get("/v1/sessions"), 200);
        String expired =
                Tokens.token().expires(java.time.Instant.now().minusSeconds(60)).sign();
        record(given().header("Authorization", "Bearer " + expired).get("/v1/sessions"), 401);
        String otherAudience = Tokens.token().audience("someone-else").sign();
        record(given().header("Authorization", "Bearer " + otherAudience).get("/v1/sessions"), 401);
        String badlySigned =
                Tokens.token().signedBy(JwksServer.rsa().getPrivate()).sign();
        record(given().header("Authorization", "Bearer " + badlySigned).get("/v1/sessions"), 401);

        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("the API key", key);
        secrets.put("the API key's secret part", key.substring(key.lastIndexOf('_') + 1));
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        secrets.put("the API key's hash (hex)", HexFormat.of().formatHex(hash));
        secrets.put("the API key's hash (base64)", Base64.getEncoder().encodeToString(hash));
        secrets.put("a wrong key", wrongKey);
        for (String token : List.of(adminToken, callerToken, expired, otherAudience, badlySigned)) {
            secrets.put("a token", token);
            secrets.put("a token's signature", token.substring(token.lastIndexOf('.') + 1));
        }
        secrets.put("the provider's key", ProviderWireMock.ANTHROPIC_KEY);

        String log = Files.readString(LOG);
        // The log is the one of this run, and it holds the flow: else the test below would prove nothing.
        assertThat(log).contains("Profile test activated").contains("DEBUG");
        String metrics = Management.given().get("/q/metrics").asString();
        String document = given().accept("application/json").get("/q/openapi").asString();
        StringBuilder said = new StringBuilder();
        for (Response r : answers) {
            said.append(r.getHeaders()).append('\n').append(r.asString()).append('\n');
        }
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertThat(log).as("the log holds " + secret.getKey()).doesNotContain(secret.getValue());
            assertThat(said.toString()).as("an answer holds " + secret.getKey()).doesNotContain(secret.getValue());
            assertThat(metrics).as("the metrics hold " + secret.getKey()).doesNotContain(secret.getValue());
            assertThat(document)
                    .as("the OpenAPI document holds " + secret.getKey())
                    .doesNotContain(secret.getValue());
        }
    }

    private static Response task(String key, String body) {
        return given().header("Authorization", "Bearer " + key)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/tasks");
    }

    private void record(Response response, int status) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        answers.add(response);
    }
}
