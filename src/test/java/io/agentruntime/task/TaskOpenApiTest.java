package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every task endpoint, the event streams and the problems. */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class TaskOpenApiTest {

    @Test
    void documentsEveryTaskOperation() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/v1/tasks'.post.operationId", equalTo("createTask"))
                // One type per success answer, so that generated clients type it (not "Task | string").
                .body("paths.'/v1/tasks'.post.responses.'200'.content.keySet()", contains("application/json"))
                .body("paths.'/v1/tasks/stream'.post.operationId", equalTo("createTaskStream"))
                .body("paths.'/v1/tasks/stream'.post.responses.'200'.content.keySet()", contains("text/event-stream"))
                .body(
                        "paths.'/v1/tasks/stream'.post.responses.'200'.content.'text/event-stream'.schema.type",
                        equalTo("string"))
                .body("paths.'/v1/tasks'.post.responses.'202'.headers", hasKey("Location"))
                .body("paths.'/v1/tasks'.post.responses.'400'.content", hasKey("application/problem+json"))
                .body("paths.'/v1/tasks'.post.responses.'409'", notNullValue())
                .body("paths.'/v1/tasks'.post.responses.'422'", notNullValue())
                .body("paths.'/v1/tasks'.post.responses.'502'", notNullValue())
                .body("paths.'/v1/tasks'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/tasks'.get.operationId", equalTo("listTasks"))
                .body("paths.'/v1/tasks/{id}'.get.operationId", equalTo("getTask"))
                .body("paths.'/v1/tasks/{id}/cancel'.post.operationId", equalTo("cancelTask"))
                .body("paths.'/v1/tasks/{id}/cancel'.post.responses.'409'", notNullValue())
                .body("paths.'/v1/tasks/{id}/events'.get.operationId", equalTo("streamTaskEvents"))
                .body("paths.'/v1/tasks/{id}/events'.get.responses.'200'.content", hasKey("text/event-stream"))
                .body("paths.'/v1/sessions/{id}/messages'.post.operationId", equalTo("continueSession"))
                .body(
                        "paths.'/v1/sessions/{id}/messages'.post.responses.'200'.content.keySet()",
                        contains("application/json"))
                .body("paths.'/v1/sessions/{id}/messages/stream'.post.operationId", equalTo("continueSessionStream"))
                .body(
                        "paths.'/v1/sessions/{id}/messages/stream'.post.responses.'200'.content.keySet()",
                        contains("text/event-stream"))
                .body("components.schemas", hasKey("Task"))
                .body("components.schemas", hasKey("TaskProblem"));
    }
}
