package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.notNullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A task without an agent: the lookup's verdict decides whether it runs, with which agent, and is
 * recorded on the task.
 */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class TaskLookupVerdictTest {

    /** Shares "query" with postgres-tuner, and nothing else with any agent. */
    private static final String OUT_OF_DOMAIN = "Bake me a sourdough loaf with a crispy crust, query the baker";

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    EntityManager em;

    @Test
    void aTaskNoAgentCoversIsRefusedNamingTheClosestAgents() {
        JsonPath lookup = given().contentType(ContentType.JSON)
                .body("{\"query\": \"" + OUT_OF_DOMAIN + "\", \"limit\": 3}")
                .post("/v1/agents/lookup")
                .then()
                .statusCode(200)
                .body("verdict", equalTo("noMatch"))
                .extract()
                .jsonPath();
        List<String> closest = lookup.getList("verdictAgents");
        assertThat(closest).isNotEmpty();

        String m = Stubs.marker();
        JsonPath problem = given().contentType(ContentType.JSON)
                .body("{\"input\": \"" + OUT_OF_DOMAIN + " " + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agent-runtime.dev/problems/unprocessable"))
                .body("detail", containsString("No agent covers the input"))
                .body("detail", containsString("fallbackAgent"))
                .body("errors[0].field", equalTo("agent"))
                .extract()
                .jsonPath();
        for (String name : closest) {
            assertThat(problem.getString("detail")).contains(name);
            assertThat(problem.getString("errors[0].message")).contains(name);
        }
        assertThat(Stubs.requests(wm, Stubs.ANTHROPIC, m)).isEmpty();
        assertThat(Stubs.requests(wm, Stubs.OPENAI, m)).isEmpty();
    }

    @Test
    void aFallbackAgentRunsWhenNoAgentCoversTheInput() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Preheat the oven to 250 C.");

        String id = given().contentType(ContentType.JSON)
                .body("{\"input\": \"" + OUT_OF_DOMAIN + " " + m + "\", \"fallbackAgent\": \"sonnet-helper\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("agent", equalTo("sonnet-helper"))
                .body("output", equalTo("Preheat the oven to 250 C."))
                .body("lookup.agent", equalTo("sonnet-helper"))
                .body("lookup.verdict", equalTo("noMatch"))
                .body("lookup.chosenBy", equalTo("fallback"))
                .extract()
                .path("id");

        assertThat(columns(id)).containsExactly("fallback", "noMatch");
        given().get("/v1/tasks/" + id)
                .then()
                .statusCode(200)
                .body("lookup.verdict", equalTo("noMatch"))
                .body("lookup.chosenBy", equalTo("fallback"));
    }

    @Test
    void anUnknownFallbackAgentIsAProblemNamingTheField() {
        given().contentType(ContentType.JSON)
                .body("{\"input\": \"" + OUT_OF_DOMAIN + " " + Stubs.marker()
                        + "\", \"fallbackAgent\": \"no-such-agent\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("fallbackAgent"))
                .body("detail", containsString("no-such-agent"));
    }

    @Test
    void aMatchingInputRunsTheLookupsAgentAndRecordsTheVerdict() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Add an index on orders(customer_id).");

        String id = given().contentType(ContentType.JSON)
                .body("{\"input\": \"Why is my PostgreSQL query doing a sequential scan instead of using the index? "
                        + m + "\", \"fallbackAgent\": \"sonnet-helper\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("agent", equalTo("postgres-tuner"))
                .body("lookup.chosenBy", equalTo("lookup"))
                .body("lookup.verdict", in(List.of("confident", "ambiguous")))
                .body("lookup.confidence", notNullValue())
                .extract()
                .path("id");

        List<String> columns = columns(id);
        assertThat(columns.get(0)).isEqualTo("lookup");
        assertThat(columns.get(1)).isIn("confident", "ambiguous");
    }

    @Test
    void aNamedAgentIsRecordedAsTheRequests() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Hello.");

        String id = given().contentType(ContentType.JSON)
                .body("{\"agent\": \"sonnet-helper\", \"input\": \"Bake bread " + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .path("id");

        assertThat(columns(id)).containsExactly("request", null);
    }

    /** agent_choice and lookup_verdict of the task's row. */
    private List<String> columns(String id) {
        Object[] row = QuarkusTransaction.requiringNew()
                .call(() ->
                        (Object[]) em.createNativeQuery("SELECT agent_choice, lookup_verdict FROM tasks WHERE id = ?1")
                                .setParameter(1, UUID.fromString(id))
                                .getSingleResult());
        return java.util.Arrays.asList((String) row[0], (String) row[1]);
    }
}
