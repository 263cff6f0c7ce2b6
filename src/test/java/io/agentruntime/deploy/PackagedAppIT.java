package io.agentruntime.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agentruntime.PrometheusText;
import io.agentruntime.testing.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact, started as a separate process by failsafe ({@code ./mvnw verify}): the JVM
 * fast-jar here, the native executable unchanged with {@code -Pnative}. HTTP only, nothing injected. The
 * test profile turns the embedding model off ({@link PackagedLookupIT} runs it on).
 */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(Management.Port.class)
class PackagedAppIT {

    @Test
    void readyWithTheDatabaseChecked() {
        Management.given()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void lookupSaysTheModelIsOffAndWhy() {
        lookUpPodsRestarting()
                .body("mode", equalTo("keyword"))
                .body("embedding.state", equalTo("disabled"))
                .body("embedding.agentsEmbedded", equalTo(0))
                .body("embedding.reason", containsString("lookup.embedding.enabled=false"));
        // Readiness-neutral: the model being off leaves the service UP, and says so in the check's data.
        JsonPath live = Management.health("live");
        assertThat(live.getString("status")).isEqualTo("UP");
        assertThat(live.getMap("checks.find { it.name == 'Agent lookup' }.data"))
                .containsEntry("mode", "keyword")
                .containsEntry("embedding", "disabled")
                .containsKey("reason");
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        assertThat(Management.given()
                        .get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .containsPattern("(?m)^agent_runtime_lookup_hybrid\\{[^}]*} 0\\.0$")
                .containsPattern("(?m)^agent_runtime_lookup_embedding_state\\{[^}]*state=\"disabled\"[^}]*} 1\\.0$");
    }

    /** A lookup through the HTTP API, answered 200. */
    static ValidatableResponse lookUpPodsRestarting() {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"query": "Our pods keep restarting after the last rollout", "limit": 3}""")
                .post("/v1/agents/lookup")
                .then()
                .statusCode(200);
    }

    @Test
    void liveAndStarted() {
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void openApiNamesEveryOperation() {
        JsonPath doc = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(doc.getString("info.title")).isEqualTo("Agent Runtime API");
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        if (paths != null) {
            paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
                if (operation instanceof Map<?, ?> op && !method.equals("parameters")) {
                    assertThat(op.get("operationId")).as(method + " " + path).isNotNull();
                }
            }));
        }
    }

    @Test
    void unknownPathIsProblemJson() {
        given().header("X-Request-Id", "it-1")
                .get("/v1/nowhere")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .header("X-Request-Id", "it-1")
                .body("status", equalTo(404))
                .body("instance", equalTo("/v1/nowhere"));
    }

    @Test
    void metricsAreScrapable() {
        given().get("/v1/nowhere").then().statusCode(404);
        String metrics = PrometheusText.scrape();
        assertThat(metrics).contains("jvm_").contains("http_server_requests_seconds_count");
    }
}
