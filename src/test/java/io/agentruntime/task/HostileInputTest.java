package io.agentruntime.task;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bad-input suite: generated hostile requests (jqwik's generators, a fixed seed so that a failure
 * can be replayed with {@code -Dhostile.seed=}) over every endpoint: NUL and control characters, wrong
 * types, unknown fields, trailing data, concatenated documents, garbage ids, cursors and limits. No
 * answer may be a 5xx, an error without an RFC 9457 body, or a body that names a Java type or a
 * library's internals.
 */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
@TestProfile(HostileInputTest.OwnApplication.class)
class HostileInputTest {

    /**
     * An application and a stand-in provider of its own: hostile tasks reach the stand-in with inputs no
     * stub answers, and the circuit they open must not fail the task tests that follow.
     */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    static final int REQUESTS = Integer.getInteger("hostile.requests", 1200);

    /** What a caller must never read: our types, the libraries' names, stack frames. */
    static final Pattern INTERNALS = Pattern.compile(
            "java\\.|javax\\.|jakarta\\.|com\\.fasterxml|io\\.agentruntime|org\\.hibernate|org\\.postgresql|io\\.vertx"
                    + "|org\\.jboss|Exception|StreamReadConstraints|LinkedHashMap|\\tat ");

    static final ObjectMapper JSON = new ObjectMapper();

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @TestHTTPResource("/")
    URL base;

    String sessionId;
    String taskId;

    @BeforeEach
    void realTargets() {
        // Any prompt gets an answer, so that generated tasks which are valid simply complete.
        wm.stubFor(post(urlEqualTo(Stubs.ANTHROPIC))
                .atPriority(100)
                .willReturn(Stubs.anthropicAnswer("claude-sonnet-4-6", "ok", 3, 1)));
        wm.stubFor(post(urlEqualTo(Stubs.OPENAI)).atPriority(100).willReturn(Stubs.openaiAnswer("ok")));
        var task = given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"hello\"}")
                .post("/v1/tasks");
        task.then().statusCode(200);
        sessionId = task.path("sessionId");
        taskId = task.path("id");
    }

    @Test
    void hostileRequestsGetProblemsNeverServerErrors() throws Exception {
        long seed = Long.getLong("hostile.seed", 20261127L);
        Random random = new Random(seed);
        List<Req> generated = new ArrayList<>();
        // Generators outside a jqwik property need a session of their own.
        JqwikSession.start();
        try {
            RandomGenerator<Req> generator = requests().generator(1000);
            for (int i = 0; i < REQUESTS; i++) {
                generated.add(generator.next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int serverErrors = 0;
        int wrongAnswers = 0;
        for (Req req : generated) {
            HttpResponse<String> res;
            try {
                res = http.send(req.build(base), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                // The server closed the connection without an answer: as bad as a 5xx.
                statuses.merge(-1, 1, Integer::sum);
                serverErrors++;
                if (failures.size() < 40) {
                    failures.add("no answer (" + e.getMessage() + ")\n    request: " + req);
                }
                continue;
            }
            statuses.merge(res.statusCode(), 1, Integer::sum);
            if (res.statusCode() >= 500) {
                serverErrors++;
            }
            String wrong = judge(res);
            if (wrong != null) {
                wrongAnswers++;
            }
            if (wrong != null && failures.size() < 40) {
                failures.add(wrong + "\n    request: " + req + "\n    answer: " + res.statusCode() + " "
                        + abbreviate(res.body()));
            }
        }
        System.out.printf(
                "Hostile suite: %d requests (seed %d), statuses %s (-1: no answer), %d server errors or no answer, "
                        + "%d unacceptable answers%n",
                REQUESTS, seed, statuses, serverErrors, wrongAnswers);
        assertThat(failures)
                .as(
                        "%d requests (seed %d), statuses %s (-1: no answer), %d server errors",
                        REQUESTS, seed, statuses, serverErrors)
                .isEmpty();
    }

    /** Null when the answer is acceptable, else what is wrong with it. */
    static String judge(HttpResponse<String> res) {
        int status = res.statusCode();
        String body = res.body() == null ? "" : res.body();
        if (status == 503
                && res.headers().firstValue("Retry-After").isPresent()
                && body.contains("/problems/unavailable")) {
            // A dependency that is away (the stand-in provider's circuit opened by earlier failures): the
            // documented outage answer, not a server error.
            return null;
        }
        if (status >= 500) {
            return "server error " + status;
        }
        String type = res.headers().firstValue("Content-Type").orElse("");
        // Known gap: an event stream's 200 does not carry X-Request-Id yet (the response filter does
        // not see SSE responses).
        if (res.headers().firstValue("X-Request-Id").isEmpty() && !type.startsWith("text/event-stream")) {
            return "no X-Request-Id";
        }
        if (status < 400) {
            return null;
        }
        if (INTERNALS.matcher(body).find()) {
            return "the error body names internals";
        }
        if (!type.startsWith("application/problem+json")) {
            return "error without problem+json (" + type + ")";
        }
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem.path("status").asInt() != status
                    || !problem.path("type").isTextual()
                    || !problem.path("detail").isTextual()) {
                return "incomplete problem";
            }
        } catch (Exception e) {
            return "problem body is not JSON";
        }
        return null;
    }

    // --- Generators ----------------------------------------------------------------------------------

    /** A request: method, path and query already chosen; the body raw text (or null). */
    record Req(String method, String path, Map<String, String> query, String contentType, String body) {

        HttpRequest build(URL base) {
            StringBuilder uri = new StringBuilder(base.toString().replaceAll("/$", "")).append(path);
            char sep = '?';
            for (Map.Entry<String, String> q : query.entrySet()) {
                uri.append(sep).append(enc(q.getKey())).append('=').append(enc(q.getValue()));
                sep = '&';
            }
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
            // The event stream is asked for as such; everything else as JSON (and its problems).
            String accept = path.endsWith("/events")
                    ? "text/event-stream, application/problem+json"
                    : "application/json, application/problem+json";
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri.toString()))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, publisher)
                    .header("Accept", accept);
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            return b.build();
        }

        @Override
        public String toString() {
            return method + " " + path + " " + query + " " + contentType + " " + abbreviate(body == null ? "" : body);
        }
    }

    Arbitrary<Req> requests() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, taskCreate()),
                net.jqwik.api.Tuple.of(2, sessionContinue()),
                net.jqwik.api.Tuple.of(3, sessionCreate()),
                net.jqwik.api.Tuple.of(2, sessionPatch()),
                net.jqwik.api.Tuple.of(1, sessionFork()),
                net.jqwik.api.Tuple.of(2, lookup()),
                net.jqwik.api.Tuple.of(2, validate()),
                net.jqwik.api.Tuple.of(3, listing()),
                net.jqwik.api.Tuple.of(3, byId()));
    }

    Arbitrary<Req> taskCreate() {
        return body(
                        Map.of(
                                "agent", Arbitraries.of("\"sonnet-helper\"", "\"gpt-helper\""),
                                "input", Arbitraries.of("\"hello\"", "\"review this\""),
                                "model", Arbitraries.of("\"haiku\"", "\"sonnet\""),
                                "maxTokens", Arbitraries.of("64", "1"),
                                "temperature", Arbitraries.of("0.2", "1"),
                                "metadata", Arbitraries.of("{\"team\":\"a\"}", "{}"),
                                "background", Arbitraries.of("true", "false"),
                                "ifBusy", Arbitraries.of("\"enqueue\"", "\"reject\"")),
                        List.of("input"))
                .map(b -> new Req("POST", "/v1/tasks", Map.of(), "application/json", b));
    }

    Arbitrary<Req> sessionContinue() {
        return Combinators.combine(
                        sessionIds(),
                        body(
                                Map.of(
                                        "input", Arbitraries.of("\"and then?\""),
                                        "model", Arbitraries.of("\"haiku\""),
                                        "temperature", Arbitraries.of("0.5"),
                                        "background", Arbitraries.of("true", "false"),
                                        "ifBusy", Arbitraries.of("\"enqueue\"")),
                                List.of("input")))
                .as((id, b) -> new Req("POST", "/v1/sessions/" + id + "/messages", Map.of(), "application/json", b));
    }

    Arbitrary<Req> sessionCreate() {
        return body(
                        Map.of(
                                "agent", Arbitraries.of("\"sonnet-helper\""),
                                "title", Arbitraries.of("\"A title\""),
                                "metadata", Arbitraries.of("{\"team\":\"payments\"}", "{\"n\":1}")),
                        List.of("agent"))
                .map(b -> new Req("POST", "/v1/sessions", Map.of(), "application/json", b));
    }

    Arbitrary<Req> sessionPatch() {
        return Combinators.combine(
                        sessionIds(),
                        body(
                                Map.of(
                                        "title", Arbitraries.of("\"New\"", "null"),
                                        "metadata", Arbitraries.of("{\"team\":null}", "{\"env\":\"prod\"}")),
                                List.of()),
                        Arbitraries.of("application/merge-patch+json", "application/json"))
                .as((id, b, type) -> new Req("PATCH", "/v1/sessions/" + id, Map.of(), type, b));
    }

    Arbitrary<Req> sessionFork() {
        return Combinators.combine(
                        sessionIds(),
                        body(Map.of("messageId", Arbitraries.of("\"" + UUID.randomUUID() + "\"")), List.of()))
                .as((id, b) -> new Req("POST", "/v1/sessions/" + id + "/fork", Map.of(), "application/json", b));
    }

    Arbitrary<Req> lookup() {
        return body(
                        Map.of(
                                "query", Arbitraries.of("\"my pods keep restarting\""),
                                "limit", Arbitraries.of("3", "50")),
                        List.of("query"))
                .map(b -> new Req("POST", "/v1/agents/lookup", Map.of(), "application/json", b));
    }

    Arbitrary<Req> validate() {
        Arbitrary<Req> json = body(
                        Map.of(
                                "content",
                                Arbitraries.of("\"---\\nname: x\\ndescription: Use it.\\n---\\nYou help.\""),
                                "fileName",
                                Arbitraries.of("\"x.md\"")),
                        List.of("content"))
                .map(b -> new Req("POST", "/v1/agents/validate", Map.of(), "application/json", b));
        Arbitrary<Req> text = Combinators.combine(
                        hostileString(), Arbitraries.of("text/markdown", "text/plain"), urlString())
                .as((b, type, name) -> new Req(
                        "POST", "/v1/agents/validate", Map.of("fileName", name), type, "---\nname: " + b + "\n---\n"));
        return Arbitraries.oneOf(json, text);
    }

    Arbitrary<Req> listing() {
        Arbitrary<String> path = Arbitraries.of(
                "/v1/agents", "/v1/sessions", "/v1/tasks", "/v1/agents/problems", "/v1/sessions/{s}/messages");
        Arbitrary<String> key = Arbitraries.of(
                "cursor", "limit", "agent", "q", "tool", "model", "status", "sessionId", "metadata.team", "metadata.");
        Arbitrary<Map<String, String>> query =
                Arbitraries.maps(key, urlString()).ofMaxSize(3);
        return Combinators.combine(path, query, sessionIds())
                .as((p, q, s) -> new Req("GET", p.replace("{s}", s), q, null, null));
    }

    Arbitrary<Req> byId() {
        Arbitrary<String> template = Arbitraries.of(
                "GET /v1/agents/{x}",
                "GET /v1/sessions/{s}",
                "DELETE /v1/sessions/{x}",
                "GET /v1/tasks/{t}",
                "GET /v1/tasks/{t}/events",
                "POST /v1/tasks/{t}/cancel");
        return Combinators.combine(template, sessionIds(), taskIds(), urlString())
                .as((tpl, s, t, x) -> {
                    String[] parts = tpl.split(" ");
                    String path = parts[1].replace("{s}", s).replace("{t}", t).replace("{x}", enc(x));
                    Map<String, String> query = tpl.endsWith("events") ? Map.of("lastEventId", x) : Map.of();
                    return new Req(parts[0], path, query, null, null);
                });
    }

    Arbitrary<String> sessionIds() {
        return Arbitraries.oneOf(
                Arbitraries.just(sessionId),
                Arbitraries.just(UUID.randomUUID().toString()),
                urlString().map(HostileInputTest::enc));
    }

    Arbitrary<String> taskIds() {
        return Arbitraries.oneOf(
                Arbitraries.just(taskId),
                Arbitraries.just(UUID.randomUUID().toString()),
                urlString().map(HostileInputTest::enc));
    }

    /**
     * A JSON body for fields with plausible values, most of them then spoilt: a hostile value in a
     * field, an unknown field, trailing data, a second document, a bare literal, or no JSON at all.
     */
    static Arbitrary<String> body(Map<String, Arbitrary<String>> fields, List<String> required) {
        List<String> names = new ArrayList<>(new TreeMap<>(fields).keySet());
        Arbitrary<Map<String, String>> good = Arbitraries.subsetOf(names).flatMap(chosen -> {
            List<String> all = new ArrayList<>(chosen);
            required.stream().filter(r -> !all.contains(r)).forEach(all::add);
            Arbitrary<Map<String, String>> acc = Arbitraries.just(new java.util.LinkedHashMap<>());
            for (String name : all) {
                acc = Combinators.combine(acc, fields.get(name)).as((m, v) -> {
                    Map<String, String> copy = new java.util.LinkedHashMap<>(m);
                    copy.put(name, v);
                    return copy;
                });
            }
            return acc;
        });
        Arbitrary<String> field = Arbitraries.of(names);
        Arbitrary<String> trailer = Arbitraries.of(" x", "}", " {}", "{\"a\":1}", "[]", " null", "\u0000");
        Arbitrary<String> bare = Arbitraries.of("null", "[]", "\"text\"", "1", "", "{", "{\"", "true", "[{}]");
        return Combinators.combine(
                        good,
                        field,
                        jsonValue(2),
                        hostileString(),
                        Arbitraries.integers().between(0, 9),
                        trailer,
                        bare)
                .as((m, name, value, text, how, after, literal) -> {
                    Map<String, String> doc = new java.util.LinkedHashMap<>(m);
                    switch (how) {
                        case 0, 1, 2 -> doc.put(name, value);
                        case 3 -> doc.put(text, value);
                        case 4 -> {
                            return object(doc) + after;
                        }
                        case 5 -> {
                            return literal;
                        }
                        case 6 -> doc.put("metadata", "{" + quote(text) + ":" + value + "}");
                        default -> {
                            // unchanged: a request that may well succeed
                        }
                    }
                    return object(doc);
                });
    }

    static String object(Map<String, String> doc) {
        StringBuilder sb = new StringBuilder("{");
        doc.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "")
                .append(quote(k))
                .append(':')
                .append(v));
        return sb.append('}').toString();
    }

    static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                hostileString().map(HostileInputTest::quote),
                Arbitraries.of(
                        "null",
                        "true",
                        "false",
                        "0",
                        "-1",
                        "1e999",
                        "-0",
                        "99999999999999999999999",
                        "3.5",
                        "\"\\u0000\"",
                        "\"a\\u0000b\"",
                        "[]",
                        "{}",
                        "\"2026-13-45\""));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = jsonValue(depth - 1).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> obj = Arbitraries.maps(hostileString(), jsonValue(depth - 1))
                .ofMaxSize(3)
                .map(HostileInputTest::object);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, scalar), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(1, obj));
    }

    /**
     * Hostile strings for the URL, shorter than Vert.x's 4 KiB request line: a longer one is a 414 from
     * the HTTP layer, before the application (README, "HTTP-layer errors").
     */
    static Arbitrary<String> urlString() {
        return hostileString().filter(s -> s.length() < 500);
    }

    static Arbitrary<String> hostileString() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings()
                        .withCharRange('\u0000', '\u001f')
                        .ofMinLength(1)
                        .ofMaxLength(4),
                Arbitraries.of(
                        "\u0000",
                        "a\u0000b",
                        "'; DROP TABLE tasks;--",
                        "%00",
                        "../../etc/passwd",
                        "${jndi:ldap://x}",
                        "\uFEFF",
                        "null",
                        "",
                        " ",
                        "\t\r\n",
                        "{\"a\":1}",
                        "\u00e9\u6f22\ud83d\ude42",
                        "x".repeat(5000),
                        "\\u0000",
                        "-1",
                        "0",
                        "101",
                        "2147483648",
                        "dDowMTkz",
                        "01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e",
                        "completed"));
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String abbreviate(String s) {
        String flat = s.replace("\n", "\\n");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
