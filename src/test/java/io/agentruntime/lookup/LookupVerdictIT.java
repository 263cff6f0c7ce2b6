package io.agentruntime.lookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.agentruntime.deploy.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The packaged app: a request no agent covers is noMatch, and a task for it without an agent is a 422. */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
class LookupVerdictIT {

    private static final String OUT_OF_DOMAIN = "Bake me a sourdough loaf with a crispy crust";

    @Test
    void aRequestNoAgentCoversIsNoMatchAndItsTaskIsRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"" + OUT_OF_DOMAIN + "\"}")
                .post("/v1/agents/lookup")
                .then()
                .statusCode(200)
                .body("verdict", equalTo("noMatch"))
                .body("verdictReason", containsString("No agent"));

        given().contentType(ContentType.JSON)
                .body("{\"input\": \"" + OUT_OF_DOMAIN + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("No agent covers the input"))
                .body("errors[0].field", equalTo("agent"));
    }
}
