package io.agentruntime.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact, started as a separate process by failsafe ({@code ./mvnw verify}): the JVM
 * fast-jar here, the native executable unchanged with {@code -Pnative}. HTTP only, nothing injected.
 */
@QuarkusIntegrationTest
class PackagedAppIT {

    @Test
    void readyWithTheDatabaseChecked() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void liveAndStarted() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
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
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("jvm_").contains("http_server_requests_seconds_count");
    }
}
