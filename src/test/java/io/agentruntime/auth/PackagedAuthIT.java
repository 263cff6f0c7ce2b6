package io.agentruntime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.deploy.PackagedJar;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact in the prod profile, as a cluster runs it: it refuses to serve without
 * authentication configured; {@code keys create} makes the first admin key (command mode, same database);
 * the server started with {@code AUTH_MODE=api-key} accepts that key and nothing else.
 */
class PackagedAuthIT {

    private static Map<String, String> database;

    record Result(int exitCode, String out, String err) {}

    @BeforeAll
    static void database() {
        database = PackagedJar.database();
    }

    @Test
    void aProductionServerWithoutAuthenticationDoesNotStart() throws Exception {
        Result r = run(Map.of(
                "QUARKUS_HTTP_PORT",
                String.valueOf(freePort()),
                "QUARKUS_MANAGEMENT_PORT",
                String.valueOf(freePort())));
        assertThat(r.exitCode()).as(r.out() + r.err()).isNotZero();
        assertThat(r.out() + r.err()).contains("auth.mode");
    }

    @Test
    void theFirstAdminKeyComesFromCommandModeAndWorksOnTheServer() throws Exception {
        Result created = run(Map.of(), "keys", "create", "--tenant", "ops", "--name", "first-admin", "--role", "admin");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String key = created.out().strip();
        assertThat(key).matches("ark_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}");
        assertThat(created.err()).contains("not shown again").doesNotContain(key);

        Result listed = run(Map.of(), "keys", "list", "--tenant", "ops");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out())
                .contains(key.substring(0, 16))
                .contains("first-admin")
                .doesNotContain(key);

        int port = freePort();
        int management = freePort();
        Process server = start(Map.of(
                "QUARKUS_HTTP_PORT",
                String.valueOf(port),
                "QUARKUS_MANAGEMENT_PORT",
                String.valueOf(management),
                "AUTH_MODE",
                "api-key"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + port);
            Awaitility.await()
                    .atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> send(http, URI.create("http://127.0.0.1:" + management + "/q/health/ready"), null)
                                    .statusCode()
                            == 200);
            HttpResponse<String> anonymous = send(http, base.resolve("/v1/agents"), null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(send(http, base.resolve("/v1/agents"), key).statusCode()).isEqualTo(200);
            assertThat(send(http, base.resolve("/v1/admin/keys"), key).statusCode())
                    .isEqualTo(200);

            // Tenants: B gets exactly the 404 of a missing id on A's session.
            String a = newKey(http, base, key, "team-a");
            String b = newKey(http, base, key, "team-b");
            HttpResponse<String> session =
                    post(http, base.resolve("/v1/sessions"), a, "{\"agent\": \"sonnet-helper\"}");
            assertThat(session.statusCode()).as(session.body()).isEqualTo(201);
            String id = JsonPath.from(session.body()).getString("id");
            String missing = java.util.UUID.randomUUID().toString();
            assertThat(send(http, base.resolve("/v1/sessions/" + id), a).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> theirs = send(http, base.resolve("/v1/sessions/" + id), b);
            HttpResponse<String> nobodys = send(http, base.resolve("/v1/sessions/" + missing), b);
            assertThat(theirs.statusCode()).isEqualTo(404);
            for (String field : List.of("type", "title", "status", "detail")) {
                assertThat(JsonPath.from(theirs.body().replace(id, "{id}")).getString(field))
                        .as(field)
                        .isEqualTo(JsonPath.from(nobodys.body().replace(missing, "{id}"))
                                .getString(field));
            }
            assertThat(JsonPath.from(send(http, base.resolve("/v1/sessions"), b).body())
                            .getList("items"))
                    .isEmpty();
        } finally {
            server.destroy();
            if (!server.waitFor(1, TimeUnit.MINUTES)) {
                server.destroyForcibly();
            }
        }
    }

    /** A caller key of {@code tenant}, made by the administrator over HTTP. */
    private static String newKey(HttpClient http, URI base, String admin, String tenant) throws Exception {
        HttpResponse<String> created =
                post(http, base.resolve("/v1/admin/keys"), admin, "{\"tenant\": \"" + tenant + "\", \"name\": \"it\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonPath.from(created.body()).getString("apiKey");
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String key, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(HttpClient http, URI uri, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Process start(Map<String, String> env, String... args) throws IOException {
        return launcher(env, args)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The packaged application with these arguments, on the test's database, without the embedding model. */
    private static ProcessBuilder launcher(Map<String, String> env, String... args) {
        ProcessBuilder pb = PackagedJar.launcher(database, args);
        pb.environment().putAll(env);
        return pb;
    }

    private static Result run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = launcher(env, args);
        Path out = Files.createTempFile("auth-it", ".out");
        Path err = Files.createTempFile("auth-it", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("the process ends").isTrue();
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
