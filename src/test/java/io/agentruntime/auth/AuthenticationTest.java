package io.agentruntime.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.agentruntime.auth.key.ApiKeys;
import io.agentruntime.auth.key.NewApiKey;
import io.agentruntime.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1} with both ways to authenticate on: API keys (made here through the service, as command mode
 * makes the first one, then over HTTP) and JWTs signed with a key of {@link JwksServer}.
 */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
class AuthenticationTest {

    @Inject
    ApiKeys keys;

    @Inject
    DataSource db;

    private String admin;

    @BeforeEach
    void firstAdminKey() {
        if (admin == null) {
            admin = keys.create(new NewApiKey("ops", "first-admin", Roles.ADMIN, null, "test"))
                    .secret();
        }
    }

    // --- browsers -----------------------------------------------------------------------------------------

    @Test
    void aConfiguredWebOriginMayCallWithItsCredentialsAndNoOtherMay() {
        // The preflight carries no credentials and is answered without them.
        given().header("Origin", AuthOnProfile.WEB_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/v1/sessions")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", AuthOnProfile.WEB_ORIGIN);
        // The real request still needs its key.
        given().header("Origin", AuthOnProfile.WEB_ORIGIN)
                .get("/v1/agents")
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", AuthOnProfile.WEB_ORIGIN);
        given().header("Origin", AuthOnProfile.WEB_ORIGIN)
                .header("Authorization", "Bearer " + admin)
                .get("/v1/agents")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", AuthOnProfile.WEB_ORIGIN);

        String elsewhere = "https://elsewhere.example";
        given().header("Origin", elsewhere)
                .header("Access-Control-Request-Method", "POST")
                .options("/v1/sessions")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", elsewhere)
                .header("Authorization", "Bearer " + admin)
                .get("/v1/agents")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    // --- no or bad credentials -----------------------------------------------------------------------

    @Test
    void withoutCredentialsEveryRouteIs401WithAChallenge() {
        for (String path : new String[] {"/v1/agents", "/v1/sessions", "/v1/tasks", "/v1/admin/keys"}) {
            unauthorized(given().get(path));
        }
        // An id that exists and one that does not: the same answer, nothing read.
        unauthorized(given().get("/v1/sessions/" + UUID.randomUUID()));
        // Refused before the body is read: a bad body does not say more than a good one.
        unauthorized(given().contentType(ContentType.JSON).body("{not json").post("/v1/sessions"));
        unauthorized(given().header("Authorization", "Basic YWxpY2U6c2VjcmV0").get("/v1/agents"));
    }

    @Test
    void healthAndMetricsAndTheDocumentStayOpen() {
        Management.given().get("/q/health/ready").then().statusCode(200);
        Management.given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void unknownAndMalformedKeysAre401AlikeAndSayNothingMore() {
        String detail = invalid("ark_000000000000_0000000000000000000000000000000000000000000");
        assertThat(invalid("ark_nonsense")).isEqualTo(detail);
        assertThat(invalid(admin.substring(0, admin.length() - 1) + "x")).isEqualTo(detail);
        assertThat(detail).doesNotContain("ark_");
    }

    // --- API keys ---------------------------------------------------------------------------------------

    @Test
    void anAdminMakesAKeyThatWorksAndIsShownOnce() {
        JsonPath created = withKey(admin)
                .contentType(ContentType.JSON)
                .body("""
                        {"tenant": "team-a", "name": "ci"}""")
                .post("/v1/admin/keys")
                .then()
                .statusCode(201)
                .header("Location", startsWith("/v1/admin/keys/"))
                .body("key.tenant", equalTo("team-a"))
                .body("key.role", equalTo("caller"))
                .body("key.createdBy", equalTo("first-admin"))
                .body("apiKey", startsWith("ark_"))
                .extract()
                .jsonPath();
        String key = created.getString("apiKey");
        String id = created.getString("key.id");
        assertThat(key).startsWith(created.getString("key.prefix") + "_").hasSizeGreaterThanOrEqualTo(4 + 12 + 1 + 43);

        withKey(key).get("/v1/agents").then().statusCode(200);

        // Lists and reads never show the key or its hash; the use is recorded.
        String one = withKey(admin)
                .get("/v1/admin/keys/" + id)
                .then()
                .statusCode(200)
                .body("lastUsedAt", notNullValue())
                .body("revokedAt", nullValue())
                .extract()
                .asString();
        String list = withKey(admin)
                .get("/v1/admin/keys?tenant=team-a&limit=100")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id))
                .extract()
                .asString();
        assertThat(one + list)
                .doesNotContain(key)
                .doesNotContain(key.substring(key.lastIndexOf('_') + 1))
                .doesNotContainIgnoringCase("hash");
    }

    @Test
    void aCallerIsRefusedTheAdminRoutesWith403() {
        String caller = keys.create(new NewApiKey("team-b", "app", Roles.CALLER, null, "test"))
                .secret();
        withKey(caller).get("/v1/agents").then().statusCode(200);
        forbidden(withKey(caller).get("/v1/admin/keys"));
        forbidden(withKey(caller).get("/v1/admin/keys/" + UUID.randomUUID()));
        forbidden(withKey(caller).contentType(ContentType.JSON).body("""
                {"tenant": "team-b", "name": "mine", "role": "admin"}""").post("/v1/admin/keys"));
    }

    @Test
    void aRevokedKeyStopsAtOnce() {
        JsonPath created = withKey(admin)
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "short-lived"}""")
                .post("/v1/admin/keys")
                .then()
                .statusCode(201)
                .body("key.tenant", equalTo("ops"))
                .extract()
                .jsonPath();
        String key = created.getString("apiKey");
        withKey(key).get("/v1/agents").then().statusCode(200);

        withKey(admin)
                .delete("/v1/admin/keys/" + created.getString("key.id"))
                .then()
                .statusCode(204);
        withKey(admin)
                .delete("/v1/admin/keys/" + created.getString("key.id"))
                .then()
                .statusCode(204);
        invalid(key);
        withKey(admin)
                .get("/v1/admin/keys/" + created.getString("key.id"))
                .then()
                .body("revokedAt", notNullValue());
        withKey(admin).delete("/v1/admin/keys/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void anExpiredKeyIs401FromItsExpiry() {
        // Expiry is checked on every use, also while the key's row is held in memory.
        Instant expiry = Instant.now().plusSeconds(2);
        var created = keys.create(new NewApiKey("team-c", "nightly", Roles.CALLER, expiry, "test"));
        withKey(created.secret()).get("/v1/agents").then().statusCode(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> Instant.now().isAfter(expiry));
        invalid(created.secret());
    }

    @Test
    void aKeyRevokedByAnotherReplicaStopsWithinTheCacheTime() throws SQLException {
        var created = keys.create(new NewApiKey("team-c", "elsewhere", Roles.CALLER, null, "test"));
        long read = System.nanoTime();
        withKey(created.secret()).get("/v1/agents").then().statusCode(200);
        // Another replica (or the command mode) revokes it: only the database knows.
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE api_keys SET revoked_at = now() WHERE id = ?")) {
            s.setObject(1, created.key().id());
            assertThat(s.executeUpdate()).isOne();
        }
        int status = withKey(created.secret()).get("/v1/agents").statusCode();
        if (Duration.ofNanos(System.nanoTime() - read).toMillis() < 4_000) {
            // Within the cache's 5 s this replica still has the row it read: no database read per request.
            assertThat(status).isEqualTo(200);
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> withKey(created.secret()).get("/v1/agents").statusCode() == 401);
        invalid(created.secret());
    }

    @Test
    void badKeyRequestsAre400NamingTheField() {
        refused("""
                {"tenant": "team a", "name": "x"}""").body("errors[0].field", equalTo("tenant"));
        refused("""
                {"name": "x", "role": "root"}""").body("errors[0].field", equalTo("role"));
        refused("""
                {"name": "x", "expiresAt": "2020-01-01T00:00:00Z"}""").body("errors[0].field", equalTo("expiresAt"));
        refused("""
                {"name": "x", "secret": "y"}""");
        withKey(admin).get("/v1/admin/keys/not-a-uuid").then().statusCode(400).body("errors[0].field", equalTo("id"));
        withKey(admin).get("/v1/admin/keys?limit=0").then().statusCode(400);
    }

    // --- JWTs --------------------------------------------------------------------------------------------

    @Test
    void aTokenFromTheIssuerForThisAudienceIsACaller() {
        String token = Tokens.token().sign();
        withKey(token).get("/v1/agents").then().statusCode(200);
        forbidden(withKey(token).get("/v1/admin/keys"));
        assertThat(JwksServer.FETCHES.get())
                .as("the JWKS was fetched on demand")
                .isPositive();
    }

    @Test
    void aTokenWithTheAdminRoleIsAnAdminOfItsTenant() {
        String token = Tokens.token().tenant("team-jwt").groups("admin").sign();
        withKey(token)
                .contentType(ContentType.JSON)
                .body("""
                {"name": "from-a-token"}""")
                .post("/v1/admin/keys")
                .then()
                .statusCode(201)
                .body("key.tenant", equalTo("team-jwt"))
                .body("key.createdBy", equalTo("alice"));
    }

    @Test
    void wrongAudienceIssuerExpiryKeyOrTenantIs401() {
        String detail = invalid(Tokens.token().audience("someone-else").sign());
        assertThat(invalid(Tokens.token().issuer("https://evil.test").sign())).isEqualTo(detail);
        assertThat(invalid(
                        Tokens.token().expires(Instant.now().minusSeconds(600)).sign()))
                .isEqualTo(detail);
        assertThat(invalid(
                        Tokens.token().signedBy(JwksServer.rsa().getPrivate()).sign()))
                .isEqualTo(detail);
        assertThat(invalid(Tokens.token().tenant(null).sign())).isEqualTo(detail);
        assertThat(invalid("not.a.jwt")).isEqualTo(detail);
    }

    // --- the OpenAPI document -----------------------------------------------------------------------------

    @Test
    void theDocumentDeclaresBothSchemesOnEveryOperation() {
        JsonPath doc = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(doc.getString("components.securitySchemes.apiKey.scheme")).isEqualTo("bearer");
        assertThat(doc.getString("components.securitySchemes.bearerJwt.bearerFormat"))
                .isEqualTo("JWT");
        java.util.Map<String, java.util.Map<String, java.util.Map<String, Object>>> paths = doc.getMap("paths");
        assertThat(paths).containsKey("/v1/admin/keys");
        paths.forEach((path, operations) -> operations.forEach((method, op) -> {
            if (method.equals("parameters")) {
                return;
            }
            assertThat(op.get("security")).as(method + " " + path).asString().contains("apiKey", "bearerJwt");
            assertThat(String.valueOf(((java.util.Map<?, ?>) op.get("responses")).keySet()))
                    .as(method + " " + path)
                    .contains("401");
            if (path.startsWith("/v1/admin/")) {
                assertThat(String.valueOf(((java.util.Map<?, ?>) op.get("responses")).keySet()))
                        .as(method + " " + path)
                        .contains("403");
            }
        }));
        assertThat(doc.prettify()).doesNotContain(admin);
    }

    // -------------------------------------------------------------------------------------------------------

    private static io.restassured.specification.RequestSpecification withKey(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    private ValidatableResponse refused(String body) {
        return withKey(admin)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/admin/keys")
                .then()
                .statusCode(400);
    }

    private static ValidatableResponse unauthorized(Response r) {
        return r.then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://agent-runtime.dev/problems/unauthorized"));
    }

    /** A 401 for these credentials; its detail. */
    private static String invalid(String credentials) {
        return unauthorized(withKey(credentials).get("/v1/agents"))
                .body("detail", not(org.hamcrest.Matchers.containsString(credentials)))
                .extract()
                .path("detail");
    }

    private static void forbidden(Response r) {
        r.then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agent-runtime.dev/problems/forbidden"));
    }
}
