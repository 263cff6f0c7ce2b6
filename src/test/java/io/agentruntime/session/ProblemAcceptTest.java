package io.agentruntime.session;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What openapi-generator's Java client (library native) sends: for an operation that answers only
 * problems besides a 204, {@code Accept: application/problem+json} alone. Such a client gets the 204 or
 * the problem, never a 406 (issue 9: its deleteSession failed and the session stayed).
 */
@QuarkusTest
class ProblemAcceptTest {

    @Test
    void deleteAcceptingOnlyProblemsDeletesAndThenAnswersTheProblem() {
        String id = given().contentType("application/json")
                .body("{\"agent\":\"sonnet-helper\"}")
                .post("/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().accept("application/problem+json")
                .delete("/v1/sessions/" + id)
                .then()
                .statusCode(204);
        given().get("/v1/sessions/" + id).then().statusCode(404);
        given().accept("application/problem+json")
                .delete("/v1/sessions/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().accept("application/problem+json")
                .delete("/v1/sessions/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
