package io.agentruntime.usage;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.deploy.PackagedJar;
import io.agentruntime.task.Stubs;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged application started twice on one database, as two replicas behind a load balancer: a
 * tenant's requests per minute, tasks queued or running, and token budget hold across both, and the usage
 * either one records is summed by the other.
 */
class UsageLimitsAcrossReplicasIT {

    /** Each copy's readiness probe, on its management port, by its API's base URI. */
    private static final Map<URI, URI> READINESS = new HashMap<>();

    private static final String PROBLEMS = "https://agent-runtime.dev/problems/";

    private static final Map<String, String> settings = new HashMap<>();
    private static final List<Process> servers = new ArrayList<>();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static WireMockServer provider;
    private static URI a;
    private static URI b;
    private static String admin;

    @BeforeAll
    static void twoReplicas() throws Exception {
        // Its own database: the two copies must be the only replicas working the tenant's tasks.
        settings.putAll(PackagedJar.ownDatabase("usage_replicas_it"));
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        settings.put("providers.anthropic.base-url", provider.baseUrl());
        settings.put("providers.anthropic.api-key", "sk-ant-test");
        settings.put("providers.anthropic.default-model", "claude-sonnet-4-6");
        settings.put("providers.anthropic.max-retries", "0");
        settings.put(
                "agents.dirs",
                Path.of("src/test/resources/task-agents").toAbsolutePath().toString());
        settings.put("agents.include-builtin", "false");
        settings.put("tenants.defaults.requests-per-minute", "4");
        settings.put("tenants.defaults.max-running", "1");
        settings.put("tenants.defaults.tokens-per-day", "50");

        admin = adminKey();
        a = start();
        b = start();
        for (URI server : List.of(a, b)) {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> get(READINESS.get(server), null).statusCode() == 200);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : servers) {
            p.destroy();
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
        if (provider != null) {
            provider.stop();
        }
    }

    @Test
    void requestsPerMinuteHoldAcrossReplicas() throws Exception {
        String key = callerKey("rpm-" + UUID.randomUUID());
        // Four requests and the refusals inside one minute of the database's clock.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> LocalTime.now().getSecond() < 30);
        for (int i = 0; i < 4; i++) {
            String m = stub(1, 1);
            HttpResponse<String> r = task(i % 2 == 0 ? a : b, key, m);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        for (URI server : List.of(a, b)) {
            String m = stub(1, 1);
            assertRefused(task(server, key, m), "too-many-requests");
            assertThat(Stubs.requests(provider, Stubs.ANTHROPIC, m)).isEmpty();
        }
    }

    @Test
    void aBudgetUsedOnOneReplicaIsExhaustedOnTheOther() throws Exception {
        String key = callerKey("budget-" + UUID.randomUUID());
        assertThat(task(a, key, stub(21, 7)).statusCode()).isEqualTo(200);
        assertThat(task(b, key, stub(21, 7)).statusCode()).isEqualTo(200);
        // 56 tokens used of 50 a day: refused on both, before any provider call.
        for (URI server : List.of(a, b)) {
            String m = stub(21, 7);
            HttpResponse<String> r = task(server, key, m);
            assertRefused(r, "budget-exhausted");
            assertThat(Stubs.requests(provider, Stubs.ANTHROPIC, m)).isEmpty();
        }
        // Either replica sums what both recorded.
        JsonPath usage =
                JsonPath.from(get(b.resolve("/v1/usage?groupBy=agent"), key).body());
        assertThat(usage.getLong("total.tasks")).as(usage.prettify()).isEqualTo(2);
        assertThat(usage.getLong("total.totalTokens")).isEqualTo(56);
    }

    @Test
    void aTaskRunningOnOneReplicaFillsTheTenantsPlaceOnTheOther() throws Exception {
        String key = callerKey("busy-" + UUID.randomUUID());
        String slow = UUID.randomUUID().toString();
        // A background task runs streamed: a stream that starts after 20 s, long after the checks below.
        provider.stubFor(Stubs.lastMessage(Stubs.ANTHROPIC, slow)
                .willReturn(Stubs.anthropicStreamAnswer(List.of("ok")).withFixedDelay(20_000)));
        HttpResponse<String> queued = http.send(
                request(a.resolve("/v1/tasks"), key)
                        .header("Prefer", "respond-async")
                        .POST(body(slow))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String id = JsonPath.from(queued.body()).getString("id");
        HttpResponse<String> now = http.send(
                request(a.resolve("/v1/tasks/" + id), key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JsonPath.from(now.body()).getString("status"))
                .as("the background task holds the tenant's place: " + now.body())
                .isIn("queued", "running");
        String m = stub(1, 1);
        HttpResponse<String> other = task(b, key, m);
        String background = get(a.resolve("/v1/tasks/" + id), key).body();
        assertThat(other.statusCode())
                .as("the other copy answered %s while the background task was %s", other.body(), background)
                .isEqualTo(429);
        assertRefused(other, "too-many-requests");
        assertThat(Stubs.requests(provider, Stubs.ANTHROPIC, m)).isEmpty();
    }

    @Test
    void tasksArrivingAtOnceOnBothReplicasGetOnePlace() throws Exception {
        String key = callerKey("race-" + UUID.randomUUID());
        String slow = UUID.randomUUID().toString();
        // Long enough that the admitted task still runs when the last of the others is admitted or refused.
        provider.stubFor(Stubs.lastMessage(Stubs.ANTHROPIC, slow)
                .willReturn(
                        Stubs.anthropicAnswer("claude-sonnet-4-6", "ok", 1, 1).withFixedDelay(5_000)));
        // Four at once (the tenant's requests per minute), two on each copy: each copy's admission takes
        // the tenant's lock in PostgreSQL, so exactly one sees a free place.
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (URI server : List.of(a, b, a, b)) {
            sent.add(http.sendAsync(
                    request(server.resolve("/v1/tasks"), key).POST(body(slow)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            answers.add(f.get(2, TimeUnit.MINUTES));
        }
        assertThat(answers)
                .as("answers: %s", answers.stream().map(HttpResponse::body).toList())
                .filteredOn(r -> r.statusCode() == 200)
                .hasSize(1);
        answers.stream().filter(r -> r.statusCode() != 200).forEach(r -> assertRefused(r, "too-many-requests"));
        assertThat(Stubs.requests(provider, Stubs.ANTHROPIC, slow)).hasSize(1);
    }

    private static void assertRefused(HttpResponse<String> r, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(JsonPath.from(r.body()).getString("type")).isEqualTo(PROBLEMS + type);
        assertThat(r.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
    }

    /** An Anthropic answer for requests carrying a new marker, with this usage; returns the marker. */
    private static String stub(int in, int out) {
        String marker = UUID.randomUUID().toString();
        provider.stubFor(Stubs.lastMessage(Stubs.ANTHROPIC, marker)
                .willReturn(Stubs.anthropicAnswer("claude-sonnet-4-6", "ok", in, out)));
        return marker;
    }

    private static HttpResponse<String> task(URI server, String key, String input) throws Exception {
        return http.send(
                request(server.resolve("/v1/tasks"), key).POST(body(input)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher body(String input) {
        return HttpRequest.BodyPublishers.ofString("{\"agent\": \"sonnet-helper\", \"input\": \"" + input + "\"}");
    }

    private static HttpRequest.Builder request(URI uri, String key) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
    }

    private static HttpResponse<String> get(URI uri, String key) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (key != null) {
            r.header("Authorization", "Bearer " + key);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A caller key of {@code tenant}, made by the administrator over HTTP. */
    private static String callerKey(String tenant) throws Exception {
        HttpResponse<String> created = http.send(
                request(a.resolve("/v1/admin/keys"), admin)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\": \"" + tenant + "\", \"name\": \"it\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonPath.from(created.body()).getString("apiKey");
    }

    /** The first administrator key, from the command mode on the same database. */
    private static String adminKey() throws Exception {
        ProcessBuilder pb = launcher("keys", "create", "--tenant", "ops", "--name", "usage-it", "--role", "admin");
        Path out = Files.createTempFile("usage-it", ".out");
        pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("keys create ends").isTrue();
            assertThat(p.exitValue()).isZero();
            return Files.readString(out, StandardCharsets.UTF_8).strip();
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    /** Starts a copy on free ports (its API's and its management interface's, in {@link #READINESS}). */
    private static URI start() throws IOException {
        int port;
        int management;
        try (ServerSocket s = new ServerSocket(0);
                ServerSocket m = new ServerSocket(0)) {
            port = s.getLocalPort();
            management = m.getLocalPort();
        }
        ProcessBuilder pb = launcher();
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(management));
        pb.environment().put("AUTH_MODE", "api-key");
        // Each copy's log, for when a test fails.
        servers.add(pb.redirectErrorStream(true)
                .redirectOutput(Path.of("target", "usage-it-" + port + ".log").toFile())
                .start());
        URI api = URI.create("http://127.0.0.1:" + port);
        READINESS.put(api, URI.create("http://127.0.0.1:" + management + "/q/health/ready"));
        return api;
    }

    /** The packaged application with these arguments and the test's settings, on no real provider. */
    private static ProcessBuilder launcher(String... args) {
        ProcessBuilder pb = PackagedJar.launcher(settings, args);
        pb.environment().remove("ANTHROPIC_API_KEY");
        pb.environment().remove("OPENAI_BASE_URL");
        pb.environment().remove("OPENAI_API_KEY");
        return pb;
    }
}
