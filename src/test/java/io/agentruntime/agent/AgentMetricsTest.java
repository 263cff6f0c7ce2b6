package io.agentruntime.agent;

import static io.agentruntime.PrometheusText.scrape;
import static io.agentruntime.PrometheusText.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog gauges agree with what the API lists. */
@QuarkusTest
class AgentMetricsTest {

    @Test
    void catalogSizeAndProblemsAreGauges() {
        List<String> agents = given().get("/v1/agents?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.name");
        List<String> severities = given().get("/v1/agents/problems")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.severity");

        String metrics = scrape();

        assertThat(agents).isNotEmpty();
        assertThat(value(metrics, "agent_runtime_catalog_agents")).isEqualTo(agents.size());
        assertThat(value(metrics, "agent_runtime_catalog_problems", "severity", "error"))
                .isEqualTo(severities.stream().filter("ERROR"::equals).count());
        assertThat(value(metrics, "agent_runtime_catalog_problems", "severity", "warning"))
                .isEqualTo(severities.stream().filter("WARNING"::equals).count());
        assertThat(metrics).contains("agent_runtime_catalog_problems{severity=\"error\"");
    }
}
