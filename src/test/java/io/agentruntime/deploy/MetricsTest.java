package io.agentruntime.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agentruntime.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Prometheus scraping, the readiness check on the database, and tracing off by default. */
@QuarkusTest
class MetricsTest {

    @Test
    void prometheusScrapeHasJvmAndHttpMetrics() {
        given().get("/v1/nowhere").then().statusCode(404);
        String metrics = Management.given()
                .accept("text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/plain"))
                .extract()
                .asString();
        assertThat(metrics)
                .contains("jvm_memory_used_bytes")
                .contains("process_cpu_usage")
                .contains("agroal_active_count");
        // The request above, counted with its outcome; unmatched paths are grouped, not one series per URL.
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"404\"[^}]*} [1-9]");
        assertThat(metrics).doesNotContain("uri=\"/v1/nowhere\"");
    }

    @Test
    void readinessIncludesTheDatabase() {
        Management.given()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
    }
}
