package io.agentruntime.agent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.agentruntime.agent.file.AgentFileParser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog API with the built-in agents only (no agents.dirs configured). */
@QuarkusTest
class AgentResourceTest {

    private static final String GOOD = """
            ---
            name: release-notes-writer
            description: Use this agent to write release notes. <example>Context: A release is cut. user: 'Write the notes' \
            assistant: 'I will use the release-notes-writer agent.' <commentary>Release notes.</commentary></example>
            model: haiku
            tools: Read, Grep
            audience: customers
            ---

            You write release notes.
            """;

    @Test
    void listsBuiltinAgentsSortedByName() {
        List<String> names = given().get("/v1/agents")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("nextCursor", nullValue())
                .body("items.find { it.name == 'backend-web-developer' }.model", equalTo("inherit"))
                .body("items.find { it.name == 'backend-web-developer' }.color", equalTo("green"))
                .body("items.find { it.name == 'backend-web-developer' }.source.origin", equalTo("classpath:agents"))
                .body("items.find { it.name == 'backend-web-developer' }.examples", nullValue())
                .extract()
                .jsonPath()
                .getList("items.name", String.class);
        assertThat(names)
                .hasSizeGreaterThanOrEqualTo(12)
                .isSorted()
                .contains("api-designer", "sre-incident-responder", "devops-kubernetes-engineer");
    }

    @Test
    void pagesFollowTheCursorUntilTheLastPage() {
        List<String> all = given().get("/v1/agents?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.name", String.class);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var spec = given().queryParam("limit", 5);
            if (cursor != null) {
                spec.queryParam("cursor", cursor);
            }
            JsonPath page =
                    spec.get("/v1/agents").then().statusCode(200).extract().jsonPath();
            List<String> items = page.getList("items.name", String.class);
            assertThat(items).hasSizeLessThanOrEqualTo(5).isNotEmpty();
            seen.addAll(items);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 50);
        assertThat(seen).isEqualTo(all);
        assertThat(pages).isEqualTo((all.size() + 4) / 5);
    }

    @Test
    void filtersByTextToolAndModel() {
        given().queryParam("q", "KUBERNETES")
                .get("/v1/agents")
                .then()
                .statusCode(200)
                .body("items.name", hasItem("devops-kubernetes-engineer"))
                .body("items.name", not(hasItem("api-designer")));
        given().queryParam("q", "postmortem")
                .get("/v1/agents")
                .then()
                .statusCode(200)
                .body("items.name", hasItem("sre-incident-responder"));
        given().queryParam("tool", "bash")
                .get("/v1/agents")
                .then()
                .statusCode(200)
                .body("items", not(empty()))
                .body("items.tools", everyItem(hasItem("Bash")))
                .body("items.name", not(hasItem("api-designer")));
        List<String> opus = given().queryParam("model", "opus")
                .get("/v1/agents")
                .then()
                .statusCode(200)
                .body("items.model", everyItem(equalTo("opus")))
                .extract()
                .jsonPath()
                .getList("items.name", String.class);
        assertThat(opus)
                .contains("security-reviewer", "performance-engineer", "sre-incident-responder")
                .doesNotContain("backend-web-developer");
        given().queryParam("q", "no agent mentions this phrase")
                .get("/v1/agents")
                .then()
                .statusCode(200)
                .body("items", empty())
                .body("nextCursor", nullValue());
    }

    @Test
    void badLimitOrCursorIsAProblem() {
        for (String limit : List.of("0", "101", "-3", "many")) {
            given().queryParam("limit", limit)
                    .get("/v1/agents")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://agent-runtime.dev/problems/validation"))
                    .body("errors[0].field", equalTo("limit"));
        }
        given().queryParam("cursor", "%%%")
                .get("/v1/agents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void getsOneAgentWithEverything() throws IOException {
        String sha = AgentFileParser.sha256(Files.readAllBytes(Path.of("agents/backend-web-developer.md")));
        given().get("/v1/agents/backend-web-developer")
                .then()
                .statusCode(200)
                .body("name", equalTo("backend-web-developer"))
                .body("description", containsString("server-side functionality"))
                .body("description", not(containsString("<example>")))
                .body("examples", hasSize(2))
                .body(
                        "examples[0].context",
                        equalTo("The user needs help implementing backend functionality for their website."))
                .body("examples[0].user", equalTo("I need to add a user authentication system to my website"))
                .body("examples[1].commentary", containsString("REST API structure"))
                .body("model", equalTo("inherit"))
                .body("tools", empty())
                .body("color", equalTo("green"))
                .body("extra", equalTo(Map.of()))
                .body("systemPrompt", containsString("You are an expert backend web developer"))
                .body("source.origin", equalTo("classpath:agents"))
                .body("source.path", equalTo("backend-web-developer.md"))
                .body("source.sha256", equalTo(sha));
    }

    @Test
    void unknownAgentIsA404Problem() {
        given().get("/v1/agents/no-such-agent")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agent-runtime.dev/problems/not-found"))
                .body("detail", containsString("'no-such-agent'"))
                .body("instance", equalTo("/v1/agents/no-such-agent"));
    }

    @Test
    void problemsOfTheBuiltinCatalogAreNone() {
        given().get("/v1/agents/problems")
                .then()
                .statusCode(200)
                .body("items", empty())
                .body("catalogVersion", equalTo(1))
                .body("loadedAt", notNullValue());
    }

    @Test
    void validatesAGoodMarkdownFile() {
        given().contentType("text/markdown")
                .queryParam("fileName", "release-notes-writer.md")
                .body(GOOD)
                .post("/v1/agents/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("problems", empty())
                .body("agent.name", equalTo("release-notes-writer"))
                .body("agent.description", equalTo("Use this agent to write release notes."))
                .body("agent.examples[0].user", equalTo("Write the notes"))
                .body("agent.model", equalTo("haiku"))
                .body("agent.tools", equalTo(List.of("Read", "Grep")))
                .body("agent.extra.audience", equalTo("customers"))
                .body("agent.source.origin", equalTo("request"));
        // Validating does not load it.
        given().get("/v1/agents/release-notes-writer").then().statusCode(404);
    }

    @Test
    void validatesJsonAndReportsWarnings() {
        given().contentType(ContentType.JSON)
                .body(Map.of("content", GOOD, "fileName", "notes.md"))
                .post("/v1/agents/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("agent.name", equalTo("release-notes-writer"))
                .body("problems[0].severity", equalTo("WARNING"))
                .body("problems[0].line", equalTo(2))
                .body("problems[0].message", containsString("notes.md"));
    }

    @Test
    void validatesABadFile() {
        given().contentType("text/plain")
                .body("---\nname: half-done\nmodel: sonnet\n---\nA prompt.\n")
                .post("/v1/agents/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("agent", nullValue())
                .body("problems[0].severity", equalTo("ERROR"))
                .body("problems[0].message", equalTo("no description"));
        given().contentType("text/plain")
                .body("just some text")
                .post("/v1/agents/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("problems[0].action", equalTo("dropped"));
    }

    @Test
    void emptyOrMalformedBodiesAreProblems() {
        given().contentType("text/markdown")
                .body("")
                .post("/v1/agents/validate")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("content"));
        given().contentType(ContentType.JSON)
                .body(Map.of("fileName", "x.md"))
                .post("/v1/agents/validate")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("content"));
        given().contentType(ContentType.JSON)
                .body("{\"content\": ")
                .post("/v1/agents/validate")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().contentType("application/xml")
                .body("<agent/>")
                .post("/v1/agents/validate")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void openApiNamesTheOperations() {
        String doc = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(doc).contains("\"listAgents\"", "\"getAgent\"", "\"listAgentProblems\"", "\"validateAgent\"");
    }
}
