package io.agentruntime.task;

import static io.agentruntime.PrometheusText.scrape;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.common.Metrics;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a Prometheus server keeps after hostile traffic: made-up model names, random ids in paths, unknown
 * routes, 404s and 406s must not add series. The service's meters and the HTTP server's are counted after
 * one round of such traffic and again after many more rounds with new made-up values each time.
 */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class MetricsCardinalityTest {

    private static final Pattern MODEL = Pattern.compile("[{,]model=\"([^\"]*)\"");
    private static final Pattern URI = Pattern.compile("[{,]uri=\"([^\"]*)\"");

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Test
    void hostileTrafficAddsNoSeries() {
        List<String> made = new ArrayList<>();
        hostileRound(made);
        Set<String> first = series(scrape());

        for (int i = 0; i < 15; i++) {
            hostileRound(made);
        }
        String metrics = scrape();
        Set<String> after = series(metrics);

        assertThat(after)
                .as("series after 15 more rounds of new made-up values")
                .isEqualTo(first);
        assertThat(made).hasSize(16 * 8);
        for (String value : made) {
            assertThat(metrics).as("a made-up value as a label").doesNotContain(value);
        }
        // Labels come from fixed sets: configured models (or other), URI templates (or NOT_FOUND). The
        // lookup's gauges name the embedding model, which comes from the build, not from a caller.
        String callerDriven = metrics.lines()
                .filter(l -> !l.startsWith(Metrics.name("lookup").replace('.', '_')))
                .collect(java.util.stream.Collectors.joining("\n"));
        Set<String> models = values(MODEL, callerDriven);
        assertThat(models)
                .contains("other")
                .allSatisfy(m -> assertThat(m)
                        .isIn(
                                "other",
                                "none",
                                "claude-sonnet-4-6",
                                "claude-opus-4-7",
                                "claude-haiku-4-5",
                                "gpt-4o-mini"));
        assertThat(values(URI, metrics))
                .contains("/v1/tasks/{id}", "NOT_FOUND")
                // Route templates of this service's ways in (A2A's have dots, capitals and one regex
                // parameter), never a value a caller made up.
                .allSatisfy(u -> assertThat(u)
                        .matches("NOT_FOUND|UNKNOWN|root|/[-/.:a-zA-Z0-9{}()\\[\\]^+?_ ]*")
                        .doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}"));
    }

    @Test
    void durationsAreHistogramsUnderOnePrefix() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Timed.");
        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"" + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200);
        String metrics = scrape();
        for (String histogram : List.of(
                "agent_runtime_tasks_duration_seconds",
                "agent_runtime_tasks_overhead_seconds",
                "agent_runtime_provider_request_seconds",
                "http_server_requests_seconds")) {
            assertThat(metrics).contains("# TYPE " + histogram + " histogram").contains(histogram + "_bucket{");
        }
        assertThat(metrics.lines().filter(l -> !l.startsWith("#")))
                .noneMatch(l -> l.contains("quantile=\""))
                .noneMatch(l -> l.startsWith("agentruntime_"));
        // One task counter.
        assertThat(metrics.lines()
                        .filter(l -> l.startsWith("# TYPE agent_runtime_task") && l.endsWith(" counter"))
                        .map(l -> l.split(" ")[2]))
                .singleElement()
                .asString()
                .startsWith("agent_runtime_tasks_ended");
    }

    /** Eight made-up values, each where a label could pick it up. */
    private void hostileRound(List<String> made) {
        String id = UUID.randomUUID().toString();
        String word = "zz" + UUID.randomUUID().toString().substring(0, 8);
        String model = "claude-" + word;
        String explicit = "anthropic/" + word + "x";
        made.addAll(List.of(id, word, model, explicit, word + "r", word + "s", word + "a", word + "p"));

        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Answered.");
        // A made-up model id and a made-up model of a configured provider: both run, both are "other".
        for (String asked : List.of(model, explicit)) {
            given().contentType(ContentType.JSON)
                    .body("{\"agent\":\"sonnet-helper\",\"model\":\"" + asked + "\",\"input\":\"" + m + "\"}")
                    .post("/v1/tasks")
                    .then()
                    .statusCode(200);
        }
        given().get("/v1/tasks/" + id).then().statusCode(404);
        given().accept("image/png").get("/v1/tasks/" + id).then().statusCode(406);
        given().accept("image/png")
                .get("/v1/sessions/" + id + "/messages")
                .then()
                .statusCode(406);
        given().get("/v1/agents/" + word + "a").then().statusCode(404);
        given().get("/v1/" + word + "r/" + id).then().statusCode(404);
        given().get("/" + word + "s").then().statusCode(404);
        given().contentType(ContentType.JSON)
                .body("{}")
                .put("/v1/" + word + "p")
                .then()
                .statusCode(404);
    }

    /** The series of the service's meters and of the HTTP server's: name and labels, without the value. */
    private static Set<String> series(String metrics) {
        Set<String> series = new TreeSet<>();
        metrics.lines()
                .filter(l -> l.startsWith("agent_runtime_") || l.startsWith("http_server_"))
                .map(l -> l.substring(0, l.lastIndexOf(' ')))
                .forEach(series::add);
        return series;
    }

    private static Set<String> values(Pattern label, String metrics) {
        Set<String> values = new TreeSet<>();
        Matcher matcher = label.matcher(metrics);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }
}
