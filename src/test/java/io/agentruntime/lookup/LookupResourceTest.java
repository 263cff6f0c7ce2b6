package io.agentruntime.lookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.CatalogChanged;
import io.agentruntime.agent.CatalogSnapshot;
import io.agentruntime.lookup.rank.LookupFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lookup endpoint over the built-in agents (the test profile runs it keyword-only). */
@QuarkusTest
class LookupResourceTest {

    @Inject
    AgentCatalog catalog;

    @Inject
    Event<CatalogChanged> catalogChanged;

    private static ValidatableResponse lookup(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/agents/lookup")
                .then();
    }

    @Test
    void ranksAndExplains() {
        lookup("""
                {"query": "Our Kubernetes pods need Helm charts and health probes", "limit": 2}""")
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("query", equalTo("Our Kubernetes pods need Helm charts and health probes"))
                .body("mode", equalTo("keyword"))
                .body("items", hasSize(2))
                .body("items[0].name", equalTo("devops-kubernetes-engineer"))
                .body("items[0].description", containsString("Kubernetes"))
                .body("items[0].score", notNullValue())
                .body("items[0].matchedTerms", hasItems("kubernetes", "helm", "probes"))
                .body("items[0].passages", not(empty()))
                .body("items[0].passages.size()", lessThanOrEqualTo(3))
                .body("items[0].signals", hasKey("bm25"))
                .body("items[0].confidence", both(greaterThan(0f)).and(lessThanOrEqualTo(1f)))
                .body("verdict", equalTo("confident"))
                .body("verdictAgents", contains("devops-kubernetes-engineer"))
                .body("verdictReason", containsString("devops-kubernetes-engineer"));
    }

    @Test
    void aRequestNoAgentCoversIsNoMatch() {
        for (String query : List.of("Bake me a sourdough loaf", "hello there", "Wie pflanze ich Tulpenzwiebeln?")) {
            lookup("{\"query\": \"" + query + "\"}")
                    .statusCode(200)
                    .body("verdict", equalTo("noMatch"))
                    .body("verdictReason", containsString("No agent"));
        }
    }

    @Test
    void defaultLimitApplies() {
        lookup("""
                {"query": "api database tests security documentation performance kubernetes incident"}""").statusCode(200).body("items", hasSize(5));
    }

    @Test
    void blankQueryIsAProblemNamingQuery() {
        lookup("""
                {"query": "   "}""")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("query"))
                .body("errors.field", contains("query"));
    }

    @Test
    void limitOutOfRangeIsAProblemNamingLimit() {
        for (int limit : new int[] {0, 51}) {
            lookup("{\"query\": \"api\", \"limit\": " + limit + "}")
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", contains("limit"))
                    .body("detail", containsString("limit"));
        }
    }

    @Test
    void missingBodyIsAProblem() {
        given().contentType(ContentType.JSON)
                .post("/v1/agents/lookup")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void reindexesWhenTheCatalogChanges() {
        String query = "{\"query\": \"zebra enclosure feeding\"}";
        lookup(query).statusCode(200).body("items", empty());
        CatalogSnapshot real = catalog.snapshot();

        List<AgentDefinition> agents = new ArrayList<>(real.agents());
        agents.add(LookupFixtures.agent(
                "zookeeper", "Looks after zebras: enclosure, feeding, vet visits.", "You keep a zoo running."));
        catalogChanged.fire(new CatalogChanged(snapshotOf(agents, real.version())));
        try {
            lookup(query)
                    .statusCode(200)
                    .body("items.name", contains("zookeeper"))
                    .body("items[0].matchedTerms", hasItem("enclosure"));
        } finally {
            catalogChanged.fire(new CatalogChanged(catalog.snapshot()));
        }
        lookup(query).statusCode(200).body("items.name", everyItem(not(equalTo("zookeeper"))));
    }

    @Test
    void openApiDocumentsTheOperation() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/v1/agents/lookup'.post.operationId", equalTo("lookupAgents"));
    }

    private static CatalogSnapshot snapshotOf(List<AgentDefinition> agents, long version) {
        Map<String, AgentDefinition> byName = new LinkedHashMap<>();
        agents.forEach(a -> byName.put(a.name(), a));
        return new CatalogSnapshot(List.copyOf(agents), byName, List.of(), version, Instant.now());
    }
}
