package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad input is a 4xx problem+json that names what is wrong; nothing reaches a provider. */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class TaskValidationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            blank input            | {"agent":"sonnet-helper","input":"   "}                         | input
            missing input          | {"agent":"sonnet-helper"}                                      | input
            maxTokens zero         | {"agent":"sonnet-helper","input":"hi","maxTokens":0}            | maxTokens
            maxTokens too large    | {"agent":"sonnet-helper","input":"hi","maxTokens":200001}       | maxTokens
            temperature negative   | {"agent":"sonnet-helper","input":"hi","temperature":-0.1}       | temperature
            temperature too high   | {"agent":"sonnet-helper","input":"hi","temperature":2.5}        | temperature
            unknown ifBusy         | {"agent":"sonnet-helper","input":"hi","ifBusy":"wait"}          | ifBusy
            bad sessionId          | {"agent":"sonnet-helper","input":"hi","sessionId":"nope"}       | sessionId
            maxTokens not a number | {"agent":"sonnet-helper","input":"hi","maxTokens":"many"}       | maxTokens
            unknown field          | {"agent":"sonnet-helper","input":"hi","temprature":0.5}         | temprature
            """)
    void badBodiesAre400NamingTheField(String name, String body, String field) {
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":")
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void missingBodyIs400() {
        given().contentType(ContentType.JSON)
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void tooLongInputIs400() {
        given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"" + "x".repeat(200_001) + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("input"))
                .body("detail", containsString("200000"));
    }

    @Test
    void badUuidsAre400() {
        given().get("/v1/tasks/not-a-uuid")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("id"));
        given().post("/v1/tasks/not-a-uuid/cancel").then().statusCode(400).contentType("application/problem+json");
        given().accept("text/event-stream")
                .get("/v1/tasks/not-a-uuid/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().get("/v1/tasks?sessionId=nope")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("sessionId"));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .post("/v1/sessions/nope/messages")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("id"));
    }

    @Test
    void badListParametersAre400() {
        given().get("/v1/tasks?status=done")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("status"));
        given().get("/v1/tasks?limit=0").then().statusCode(400).body("errors.field", hasItem("limit"));
        given().get("/v1/tasks?limit=101").then().statusCode(400).body("errors.field", hasItem("limit"));
        given().get("/v1/tasks?cursor=%%%").then().statusCode(400).body("errors.field", hasItem("cursor"));
        given().get("/v1/tasks?cursor=bm9wZQ").then().statusCode(400).body("errors.field", hasItem("cursor"));
    }

    @Test
    void badLastEventIdIs400() {
        given().accept("text/event-stream")
                .header("Last-Event-ID", "abc")
                .get("/v1/tasks/01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("Last-Event-ID"));
    }

    @Test
    void badIdempotencyKeyIs400() {
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "x".repeat(300))
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"hi\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void badContinueBodiesAre400() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"\"}")
                .post("/v1/sessions/01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e/messages")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("input"));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\",\"agent\":\"x\"}")
                .post("/v1/sessions/01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e/messages")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("agent"));
    }
}
