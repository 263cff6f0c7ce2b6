package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class IdempotencyTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Test
    void retryWithTheSameKeyAndBodyReturnsTheSameTaskAndCallsTheProviderOnce() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Only once");
        String key = UUID.randomUUID().toString();
        String body = "{\"agent\":\"sonnet-helper\",\"input\":\"Pay " + m + "\",\"maxTokens\":100}";

        String id = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("output", equalTo("Only once"))
                .extract()
                .path("id");
        // The same fields in another order are the same request.
        String reordered = "{\"maxTokens\":100,\"input\":\"Pay " + m + "\",\"agent\":\"sonnet-helper\"}";
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(reordered)
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(id))
                .body("output", equalTo("Only once"));

        wm.verify(1, Stubs.requested(Stubs.ANTHROPIC, m));
        given().get("/v1/tasks?agent=sonnet-helper&limit=100")
                .then()
                .body("items.findAll { it.input == 'Pay " + m + "' }.size()", equalTo(1));
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "First");
        String key = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"A " + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"B " + m + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString(key));
        wm.verify(1, Stubs.requested(Stubs.ANTHROPIC, m));
    }

    @Test
    void retryWhileTheFirstIsRunningReturnsItsCurrentState() throws Exception {
        String m = Stubs.marker();
        Stubs.anthropicAfter(wm, m, "Eventually", 2000);
        String key = UUID.randomUUID().toString();
        String body = "{\"agent\":\"sonnet-helper\",\"input\":\"Slow " + m + "\"}";

        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/tasks"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !Stubs.requests(wm, Stubs.ANTHROPIC, m).isEmpty());

        Response retry = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/tasks");
        retry.then().statusCode(200).body("status", equalTo("running"));
        // In the background form the retry is a 202 pointing at the same task.
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .header("Prefer", "respond-async")
                .body(body)
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .body("id", equalTo(retry.path("id")));

        Response done = first.get();
        done.then().statusCode(200).body("status", equalTo("completed"));
        assertThat(done.<String>path("id")).isEqualTo(retry.path("id"));
        wm.verify(1, Stubs.requested(Stubs.ANTHROPIC, m));
    }

    @Test
    void concurrentRetriesCreateOneTask() throws Exception {
        String m = Stubs.marker();
        Stubs.anthropicAfter(wm, m, "Once", 300);
        String key = UUID.randomUUID().toString();
        String body = "{\"agent\":\"sonnet-helper\",\"input\":\"Race " + m + "\"}";
        @SuppressWarnings("unchecked")
        CompletableFuture<Response>[] calls = new CompletableFuture[4];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .header("Idempotency-Key", key)
                    .body(body)
                    .post("/v1/tasks"));
        }
        CompletableFuture.allOf(calls).get();
        String id = calls[0].get().path("id");
        for (CompletableFuture<Response> c : calls) {
            assertThat(c.get().statusCode()).isEqualTo(200);
            assertThat(c.get().<String>path("id")).isEqualTo(id);
        }
        wm.verify(1, Stubs.requested(Stubs.ANTHROPIC, m));
    }
}
