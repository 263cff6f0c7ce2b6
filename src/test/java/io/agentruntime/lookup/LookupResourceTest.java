package io.agentruntime.lookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.agentruntime.agent.AgentDefinition;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LookupResourceTest {

    @Inject
    FixtureCatalog catalog;

    @Test
    void ranksAndExplains() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"query": "Our Kubernetes pods need autoscaling", "limit": 2}""")
                .post("/v1/agents/lookup")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("query", equalTo("Our Kubernetes pods need autoscaling"))
                .body("mode", equalTo("keyword"))
                .body("items", hasSize(1))
                .body("items[0].name", equalTo("kubernetes-specialist"))
                .body("items[0].description", containsString("Kubernetes clusters"))
                .body("items[0].score", notNullValue())
                .body("items[0].matchedTerms", contains("kubernetes", "pods", "autoscaling"))
                .body("items[0].passages", not(empty()))
                .body("items[0].signals", hasKey("bm25"));
    }

    @Test
    void defaultLimitApplies() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"query": "api kubernetes postgresql documentation security tests production"}""")
                .post("/v1/agents/lookup")
                .then().statusCode(200)
                .body("items", hasSize(5));
    }

    @Test
    void blankQueryIsAProblemNamingQuery() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"query": "   "}""")
                .post("/v1/agents/lookup")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("query"))
                .body("errors.field", contains("query"));
    }

    @Test
    void limitOutOfRangeIsAProblemNamingLimit() {
        for (int limit : new int[] {0, 51}) {
            given().contentType(ContentType.JSON)
                    .body("{\"query\": \"api\", \"limit\": " + limit + "}")
                    .post("/v1/agents/lookup")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", contains("limit"))
                    .body("detail", containsString("limit"));
        }
    }

    @Test
    void missingBodyIsAProblem() {
        given().contentType(ContentType.JSON)
                .post("/v1/agents/lookup")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void reindexesWhenTheCatalogChanges() {
        String query = "{\"query\": \"zebra enclosure feeding\"}";
        given().contentType(ContentType.JSON).body(query).post("/v1/agents/lookup")
                .then().statusCode(200).body("items", empty());

        List<AgentDefinition> agents = new ArrayList<>(LookupFixtures.agents());
        agents.add(LookupFixtures.agent("zookeeper", "Looks after zebras: enclosure, feeding, vet visits.",
                "You keep a zoo running."));
        catalog.replace(agents);
        try {
            given().contentType(ContentType.JSON).body(query).post("/v1/agents/lookup")
                    .then().statusCode(200)
                    .body("items.name", contains("zookeeper"))
                    .body("items[0].matchedTerms", hasItem("enclosure"));
        } finally {
            catalog.replace(LookupFixtures.agents());
        }
        given().contentType(ContentType.JSON).body(query).post("/v1/agents/lookup")
                .then().statusCode(200).body("items.name", everyItem(not(equalTo("zookeeper"))));
    }

    @Test
    void openApiDocumentsTheOperation() {
        given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/v1/agents/lookup'.post.operationId", equalTo("lookupAgents"));
    }
}
