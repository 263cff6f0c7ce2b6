package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.Management;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class TaskListTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Test
    void pagesNewestFirstWithFilters() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "ok");
        List<String> created = new ArrayList<>();
        String session = null;
        for (int i = 0; i < 5; i++) {
            Response r = given().contentType(ContentType.JSON)
                    .body("{\"agent\":\"sonnet-helper\",\"input\":\"" + i + " " + m + "\""
                            + (session == null ? "" : ",\"sessionId\":\"" + session + "\"") + "}")
                    .post("/v1/tasks");
            r.then().statusCode(200);
            session = r.path("sessionId");
            created.add(r.path("id"));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("sessionId", session).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/v1/tasks");
            page.then().statusCode(200);
            seen.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created.reversed());

        given().get("/v1/tasks?sessionId=" + session + "&status=completed&agent=sonnet-helper&limit=10")
                .then()
                .body("items.size()", equalTo(5))
                .body("nextCursor", nullValue());
        given().get("/v1/tasks?sessionId=" + session + "&status=failed").then().body("items.size()", equalTo(0));
        given().get("/v1/tasks?sessionId=" + session + "&agent=gpt-helper")
                .then()
                .body("items.size()", equalTo(0));
    }

    @Test
    void endedTasksAreCounted() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "counted");
        double before = endedCompleted();
        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"" + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200);
        assertThat(endedCompleted()).isEqualTo(before + 1);
        assertThat(Management.given().get("/q/metrics").asString())
                .contains("agent_runtime_tasks_overhead_seconds")
                .contains("agent_runtime_tasks_running");
    }

    private static double endedCompleted() {
        return Management.given()
                .get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith("agent_runtime_tasks_ended_total{")
                        && l.contains("status=\"completed\"")
                        && l.contains("mode=\"blocking\"")
                        && l.contains("provider=\"anthropic\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
