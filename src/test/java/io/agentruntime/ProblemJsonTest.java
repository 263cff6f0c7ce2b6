package io.agentruntime;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProblemJsonTest {

    @Test
    void unknownPathIsProblemJsonWithRequestId() {
        given().header("X-Request-Id", "abc-123")
                .get("/v1/nowhere")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .header("X-Request-Id", "abc-123")
                .body("status", equalTo(404))
                .body("type", equalTo("https://agent-runtime.dev/problems/not-found"))
                .body("instance", equalTo("/v1/nowhere"))
                .body("requestId", equalTo("abc-123"));
    }

    @Test
    void unsafeRequestIdIsReplaced() {
        given().header("X-Request-Id", "bad id\nwith newline")
                .get("/v1/nowhere")
                .then()
                .statusCode(404)
                .header("X-Request-Id", notNullValue())
                .body("requestId", org.hamcrest.Matchers.not(equalTo("bad id\nwith newline")));
    }
}
