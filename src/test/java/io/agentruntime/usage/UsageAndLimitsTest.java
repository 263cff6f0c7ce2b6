package io.agentruntime.usage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.PrometheusText;
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
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Usage sums and each per-tenant limit, on one instance (UsageLimitsAcrossReplicasIT shows them across two).
 * Every test works in a tenant of its own, so that earlier runs on the same database count for nothing.
 */
@QuarkusTest
@TestProfile(UsageAndLimitsTest.Limited.class)
@WithTestResource(ProviderWireMock.class)
class UsageAndLimitsTest {

    /** Authentication on, and limits for every tenant; "gold" is named (its metrics say so) and unbudgeted. */
    public static class Limited extends AuthOnProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("tenants.defaults.requests-per-minute", "3");
            config.put("tenants.defaults.max-running", "1");
            config.put("tenants.defaults.tokens-per-day", "40");
            config.put("tenants.gold.requests-per-minute", "1000");
            config.put("tenants.gold.tokens-per-day", "1000000000");
            return config;
        }
    }

    private static final String PROBLEMS = "https://agent-runtime.dev/problems/";

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    ApiKeys keys;

    @Test
    void usageIsSummedByAgentModelAndDayAndOutlivesTheSession() {
        String tenant = "usage-" + UUID.randomUUID();
        String key = key(tenant, Roles.CALLER);
        String m1 = Stubs.marker();
        String m2 = Stubs.marker();
        Stubs.anthropic(wm, m1, "one"); // 21 in, 7 out
        Stubs.anthropic(wm, m2, "two");
        String session = task(key, m1).then().statusCode(200).extract().path("sessionId");
        task(key, m2).then().statusCode(200);

        JsonPath byAgent = usage(key, "?groupBy=agent");
        assertThat(byAgent.getList("items")).as(byAgent.prettify()).hasSize(1);
        assertThat(byAgent.getString("items[0].tenant")).isEqualTo(tenant);
        assertThat(byAgent.getString("items[0].key")).isEqualTo("sonnet-helper");
        assertThat(byAgent.getLong("items[0].tasks")).isEqualTo(2);
        assertThat(byAgent.getLong("items[0].inputTokens")).isEqualTo(42);
        assertThat(byAgent.getLong("items[0].outputTokens")).isEqualTo(14);
        assertThat(byAgent.getLong("total.totalTokens")).isEqualTo(56);
        assertThat(usage(key, "?groupBy=model").getString("items[0].key")).isEqualTo("claude-sonnet-4-6");
        assertThat(usage(key, "").getString("items[0].key"))
                .isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());

        // Deleting the session deletes its tasks, not what they cost.
        as(key).delete("/v1/sessions/" + session).then().statusCode(204);
        assertThat(usage(key, "?groupBy=agent").getLong("total.totalTokens")).isEqualTo(56);

        // Another tenant's caller sees none of it; an administrator sees it, by tenant.
        assertThat(usage(key("other-" + UUID.randomUUID(), Roles.CALLER), "").getList("items"))
                .isEmpty();
        JsonPath all = usage(key("ops-" + UUID.randomUUID(), Roles.ADMIN), "?groupBy=agent");
        assertThat(all.getList("items.findAll { it.tenant == '" + tenant + "' }.totalTokens"))
                .containsExactly(56);
        // A period that ended before the tasks holds nothing.
        assertThat(usage(key, "?from=2020-01-01&to=2020-01-31").getList("items"))
                .isEmpty();
    }

    @Test
    void badParametersAreProblems() {
        String key = key("bad-" + UUID.randomUUID(), Roles.CALLER);
        for (String query : List.of("?groupBy=tenant", "?from=yesterday", "?from=2026-02-01&to=2026-01-01")) {
            Response r = as(key).get("/v1/usage" + query);
            assertThat(r.statusCode()).as(query + " " + r.asString()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.asString()).doesNotContain("Exception").doesNotContain("java.");
        }
    }

    @Test
    void requestsPerMinuteAreLimitedWithRetryAfter() {
        String key = key("rpm-" + UUID.randomUUID(), Roles.CALLER);
        // Three requests and the fourth inside one minute of the database's clock.
        await().atMost(Duration.ofSeconds(30)).until(() -> LocalTime.now().getSecond() < 40);
        for (int i = 0; i < 3; i++) {
            String m = Stubs.marker();
            wm.stubFor(Stubs.lastMessage(Stubs.ANTHROPIC, m)
                    .atPriority(5)
                    .willReturn(Stubs.anthropicAnswer("claude-sonnet-4-6", "ok", 1, 1)));
            task(key, m).then().statusCode(200);
        }
        String refused = Stubs.marker();
        Response r = task(key, refused);
        assertRefused(r, "too-many-requests", 60);
        assertThat(Stubs.requests(wm, Stubs.ANTHROPIC, refused)).isEmpty();
        assertThat(as(key).get("/v1/tasks")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items"))
                .hasSize(3);
    }

    @Test
    void runningTasksAreLimitedAcrossModes() {
        String key = key("busy-" + UUID.randomUUID(), Roles.CALLER);
        String slow = Stubs.marker();
        // A background task runs streamed: a stream that takes 3 s.
        Stubs.anthropicSlowStream(wm, slow, "slow", 5, 3000);
        as(key).contentType(ContentType.JSON)
                .header("Prefer", "respond-async")
                .body("{\"agent\": \"sonnet-helper\", \"input\": \"" + slow + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(202);
        String refused = Stubs.marker();
        assertRefused(task(key, refused), "too-many-requests", 5);
        assertThat(Stubs.requests(wm, Stubs.ANTHROPIC, refused)).isEmpty();
        // Once the first has finished the tenant has room again; what stops the next task now is the day's
        // budget, which the streamed answer (472 tokens in, 15 out) used up on its own.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> as(key).get("/v1/tasks?status=completed")
                                .jsonPath()
                                .getList("items")
                                .size()
                        == 1);
        assertRefused(task(key, Stubs.marker()), "budget-exhausted", 86_401);
    }

    @Test
    void aTenantOverItsBudgetIsRefusedBeforeAnyProviderCall() {
        String key = key("budget-" + UUID.randomUUID(), Roles.CALLER);
        for (int i = 0; i < 2; i++) {
            String m = Stubs.marker();
            Stubs.anthropic(wm, m, "answer " + i); // 28 tokens each: 56, over the 40 of the day after two
            task(key, m).then().statusCode(200);
        }
        String refused = Stubs.marker();
        Stubs.anthropic(wm, refused, "never");
        Response r = task(key, refused);
        assertRefused(r, "budget-exhausted", 86_401);
        assertThat(r.jsonPath().getString("detail")).contains("56 of its 40 tokens this day");
        assertThat(Stubs.requests(wm, Stubs.ANTHROPIC, refused)).isEmpty();
        assertThat(as(key).get("/v1/tasks").jsonPath().getList("items")).hasSize(2);

        assertThat(PrometheusText.value(
                        PrometheusText.scrape(),
                        "agent_runtime_tenant_refusals_total",
                        "limit",
                        "tokens-per-day",
                        "tenant",
                        "other"))
                .isPositive();
    }

    @Test
    void aNamedTenantHasItsOwnLimitsAndMetrics() {
        String key = key("gold", Roles.CALLER);
        for (int i = 0; i < 4; i++) { // over the defaults' 3 per minute and 40 tokens a day
            String m = Stubs.marker();
            Stubs.anthropic(wm, m, "gold " + i);
            task(key, m).then().statusCode(200);
        }
        assertThat(PrometheusText.value(
                        PrometheusText.scrape(),
                        "agent_runtime_tenant_tokens_total",
                        "direction",
                        "in",
                        "tenant",
                        "gold"))
                .isPositive();
    }

    private static void assertRefused(Response r, String type, int maxRetryAfter) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(429);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("type")).isEqualTo(PROBLEMS + type);
        assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, maxRetryAfter);
    }

    private static Response task(String key, String input) {
        return as(key).contentType(ContentType.JSON)
                .body("{\"agent\": \"sonnet-helper\", \"input\": \"" + input + "\"}")
                .post("/v1/tasks");
    }

    private static JsonPath usage(String key, String query) {
        return as(key).get("/v1/usage" + query).then().statusCode(200).extract().jsonPath();
    }

    private String key(String tenant, String role) {
        return keys.create(new NewApiKey(tenant, "usage-test", role, null, "test"))
                .secret();
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }
}
