package io.agentruntime.a2a;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.task.Stubs;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The A2A way in over both bindings, by hand: the cards, the version rule, every A2A error code this
 * service answers with (JSON-RPC codes and HTTP+JSON's google.rpc.Status with ErrorInfo), the mapping
 * of ids (an A2A task is our task, its contextId our session) and ListTasks' pages.
 */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class A2aTest {

    private static final String AGENT = "/a2a/sonnet-helper";

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    private static Response rpc(String method, String params) {
        return rpcBody("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"" + method + "\", \"params\": " + params + "}");
    }

    private static Response rpcBody(String body) {
        return given().header("A2A-Version", "1.0")
                .contentType(ContentType.JSON)
                .body(body)
                .post(AGENT);
    }

    private static String message(String text) {
        return "{\"message\": {\"messageId\": \"" + UUID.randomUUID() + "\", \"role\": \"ROLE_USER\", "
                + "\"parts\": [{\"text\": \"" + text + "\"}]}}";
    }

    private static JsonPath json(Response r) {
        return JsonPath.from(r.asString());
    }

    /** A completed task, sent over JSON-RPC: its JSON-RPC result. */
    private JsonPath sent(String text) {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, text);
        Response r = rpc("SendMessage", message("Answer, please. " + m));
        assertThat(r.statusCode()).isEqualTo(200);
        return json(r);
    }

    private static void rpcError(Response r, int code, String reason) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        JsonPath body = json(r);
        assertThat(body.getString("jsonrpc")).isEqualTo("2.0");
        // A request that could not be read has no id to answer with (JSON-RPC 2.0, section 5).
        Integer unread = code == -32700 || code == -32600 ? null : 7;
        assertThat(body.<Integer>get("id")).isEqualTo(unread);
        assertThat(body.getInt("error.code")).as(r.asString()).isEqualTo(code);
        assertThat(body.getString("error.message")).isNotBlank().doesNotContain("java.", "Exception");
        if (reason != null) {
            assertThat(body.getString("error.data[0].reason")).isEqualTo(reason);
            assertThat(body.getString("error.data[0].domain")).isEqualTo("a2a-protocol.org");
            assertThat(body.getString("error.data[0].'@type'")).isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
        }
    }

    private static void restError(Response r, int status, String statusName, String reason) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/a2a+json");
        JsonPath body = json(r);
        assertThat(body.getInt("error.code")).isEqualTo(status);
        assertThat(body.getString("error.status")).isEqualTo(statusName);
        assertThat(body.getString("error.message")).isNotBlank().doesNotContain("java.", "Exception");
        if (reason != null) {
            assertThat(body.getString("error.details[0].reason")).isEqualTo(reason);
        }
    }

    @Test
    void eachAgentHasACardAndTheServiceNamesThemAll() {
        given().get(AGENT + "/.well-known/agent-card.json")
                .then()
                .statusCode(200)
                .body("name", equalTo("sonnet-helper"))
                .body("supportedInterfaces.protocolBinding", hasItems("JSONRPC", "HTTP+JSON"))
                .body("supportedInterfaces.protocolVersion", hasItems("1.0"))
                .body("supportedInterfaces[0].url", endsWith("/a2a/sonnet-helper"))
                .body("capabilities.streaming", equalTo(true))
                .body("skills[0].id", equalTo("sonnet-helper"))
                .body("defaultOutputModes", hasItem("text/plain"))
                .body("securitySchemes", nullValue());
        given().get("/.well-known/agent-card.json")
                .then()
                .statusCode(200)
                .body("supportedInterfaces[0].url", endsWith("/a2a/auto"))
                .body("skills.id", hasItems("sonnet-helper", "haiku-helper"));
        restError(given().get("/a2a/no-such-agent/.well-known/agent-card.json"), 404, "NOT_FOUND", null);
    }

    @Test
    void aRequestWithoutTheVersionIsRefusedAsA03Request() {
        Response rpc = given().contentType(ContentType.JSON)
                .body("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"GetTask\", \"params\": {\"id\": \"x\"}}")
                .post(AGENT);
        rpcError(rpc, -32009, "VERSION_NOT_SUPPORTED");
        assertThat(json(rpc).getString("error.message")).contains("A2A-Version: 1.0");
        restError(
                given().get(AGENT + "/tasks/" + UUID.randomUUID()),
                400,
                "FAILED_PRECONDITION",
                "VERSION_NOT_SUPPORTED");
        restError(
                given().header("A2A-Version", "0.3").get(AGENT + "/tasks/" + UUID.randomUUID()),
                400,
                "FAILED_PRECONDITION",
                "VERSION_NOT_SUPPORTED");
        // The query parameter the specification allows instead of the header.
        restError(
                given().queryParam("A2A-Version", "1.0").get(AGENT + "/tasks/" + UUID.randomUUID()),
                404,
                "NOT_FOUND",
                "TASK_NOT_FOUND");
    }

    @Test
    void anA2aTaskIsOurTaskAndItsContextOurSession() {
        JsonPath sent = sent("An A2A answer.");
        String id = sent.getString("result.task.id");
        String context = sent.getString("result.task.contextId");
        assertThat(sent.getString("result.task.status.state")).isEqualTo("TASK_STATE_COMPLETED");
        assertThat(sent.getString("result.task.artifacts[0].parts[0].text")).isEqualTo("An A2A answer.");
        given().get("/v1/tasks/" + id)
                .then()
                .statusCode(200)
                .body("sessionId", equalTo(context))
                .body("status", equalTo("completed"))
                .body("output", equalTo("An A2A answer."));

        // The next turn in the same context is a new task in the same session.
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "The second answer.");
        Response second = given().header("A2A-Version", "1.0")
                .contentType("application/a2a+json")
                .body("{\"message\": {\"messageId\": \"m2\", \"role\": \"ROLE_USER\", \"contextId\": \"" + context
                        + "\", \"parts\": [{\"text\": \"And then? " + m + "\"}]}}")
                .post(AGENT + "/message:send");
        assertThat(second.statusCode()).as(second.asString()).isEqualTo(200);
        assertThat(json(second).getString("task.contextId")).isEqualTo(context);
        assertThat(json(second).getString("task.id")).isNotEqualTo(id);
        given().get("/v1/sessions/" + context).then().statusCode(200).body("messageCount", equalTo(4));

        // GetTask on both bindings.
        assertThat(json(rpc("GetTask", "{\"id\": \"" + id + "\"}")).getString("result.status.state"))
                .isEqualTo("TASK_STATE_COMPLETED");
        Response rest = given().header("A2A-Version", "1.0").get(AGENT + "/tasks/" + id);
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(json(rest).getString("artifacts[0].parts[0].text")).isEqualTo("An A2A answer.");

        // A message to an ended task is refused: the conversation goes on in its context.
        Response toTask = rpc(
                "SendMessage",
                "{\"message\": {\"messageId\": \"m3\", \"role\": \"ROLE_USER\", \"taskId\": \"" + id
                        + "\", \"parts\": [{\"text\": \"more\"}]}}");
        rpcError(toTask, -32004, "UNSUPPORTED_OPERATION");
        assertThat(json(toTask).getString("error.message")).contains(context);
    }

    @Test
    void returnImmediatelyAnswersTheSubmittedTaskThatAWorkerThenRuns() {
        String m = Stubs.marker();
        // The worker streams every call it makes.
        Stubs.anthropicStream(wm, m, java.util.List.of("In the ", "background."));
        Response r = given().header("A2A-Version", "1.0")
                .contentType(ContentType.JSON)
                .body(
                        "{\"message\": {\"messageId\": \"b1\", \"role\": \"ROLE_USER\", \"parts\": [{\"text\": \"" + m
                                + "\"}]}, \"configuration\": {\"returnImmediately\": true, \"acceptedOutputModes\": [\"text/plain\"]}}")
                .post(AGENT + "/message:send");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(json(r).getString("task.status.state")).isEqualTo("TASK_STATE_SUBMITTED");
        String id = json(r).getString("task.id");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(
                                json(rpc("GetTask", "{\"id\": \"" + id + "\"}")).getString("result.status.state"))
                        .isEqualTo("TASK_STATE_COMPLETED"));
        assertThat(json(rpc("GetTask", "{\"id\": \"" + id + "\"}")).getString("result.artifacts[0].parts[0].text"))
                .isEqualTo("In the background.");
        // A client that takes no text cannot be answered.
        rpcError(
                rpc(
                        "SendMessage",
                        "{\"message\": {\"messageId\": \"b2\", \"role\": \"ROLE_USER\", \"parts\": [{\"text\": \"hi\"}]},"
                                + " \"configuration\": {\"acceptedOutputModes\": [\"image/png\"]}}"),
                -32005,
                "CONTENT_TYPE_NOT_SUPPORTED");
    }

    @Test
    void unknownTasksAndEndedTasksAnswerWithTheSpecificationsCodes() {
        String missing = UUID.randomUUID().toString();
        rpcError(rpc("GetTask", "{\"id\": \"" + missing + "\"}"), -32001, "TASK_NOT_FOUND");
        rpcError(rpc("GetTask", "{\"id\": \"not-a-uuid\"}"), -32001, "TASK_NOT_FOUND");
        rpcError(rpc("CancelTask", "{\"id\": \"" + missing + "\"}"), -32001, "TASK_NOT_FOUND");
        rpcError(rpc("SubscribeToTask", "{\"id\": \"" + missing + "\"}"), -32001, "TASK_NOT_FOUND");
        restError(
                given().header("A2A-Version", "1.0").get(AGENT + "/tasks/" + missing),
                404,
                "NOT_FOUND",
                "TASK_NOT_FOUND");
        restError(
                given().header("A2A-Version", "1.0").post(AGENT + "/tasks/" + missing + ":cancel"),
                404,
                "NOT_FOUND",
                "TASK_NOT_FOUND");

        String done = sent("Done.").getString("result.task.id");
        rpcError(rpc("CancelTask", "{\"id\": \"" + done + "\"}"), -32002, "TASK_NOT_CANCELABLE");
        restError(
                given().header("A2A-Version", "1.0").post(AGENT + "/tasks/" + done + ":cancel"),
                400,
                "FAILED_PRECONDITION",
                "TASK_NOT_CANCELABLE");
        rpcError(rpc("SubscribeToTask", "{\"id\": \"" + done + "\"}"), -32004, "UNSUPPORTED_OPERATION");
        restError(
                given().header("A2A-Version", "1.0").post(AGENT + "/tasks/" + done + ":subscribe"),
                400,
                "FAILED_PRECONDITION",
                "UNSUPPORTED_OPERATION");
        // Another agent's route does not see the task.
        Response elsewhere = given().header("A2A-Version", "1.0").get("/a2a/haiku-helper/tasks/" + done);
        restError(elsewhere, 404, "NOT_FOUND", "TASK_NOT_FOUND");
    }

    @Test
    void badRequestsGetJsonRpcsAndA2asCodes() {
        rpcError(rpcBody("{not json"), -32700, null);
        assertThat(json(rpcBody("{not json")).getString("id")).isNull();
        rpcError(rpcBody("{\"jsonrpc\": \"1.0\", \"id\": 7, \"method\": \"GetTask\"}"), -32600, null);
        rpcError(rpc("tasks/get", "{}"), -32601, null);
        rpcError(rpc("SendMessage", "{}"), -32602, "INVALID_PARAMS");
        rpcError(rpc("SendMessage", "{\"message\": {\"parts\": \"text\"}}"), -32602, "INVALID_PARAMS");
        rpcError(
                rpc(
                        "SendMessage",
                        "{\"message\": {\"messageId\": \"x\", \"role\": \"ROLE_USER\", \"parts\": "
                                + "[{\"url\": \"https://example.com/a.png\", \"mediaType\": \"image/png\"}]}}"),
                -32005,
                "CONTENT_TYPE_NOT_SUPPORTED");
        rpcError(
                rpc(
                        "SendMessage",
                        "{\"message\": {\"messageId\": \"x\", \"role\": \"ROLE_USER\", \"contextId\": \""
                                + UUID.randomUUID() + "\", \"parts\": [{\"text\": \"hi\"}]}}"),
                -32602,
                "INVALID_PARAMS");
        rpcError(rpc("CreateTaskPushNotificationConfig", "{}"), -32003, "PUSH_NOTIFICATION_NOT_SUPPORTED");
        rpcError(rpc("GetExtendedAgentCard", "{}"), -32007, "EXTENDED_AGENT_CARD_NOT_CONFIGURED");
        rpcError(rpc("ListTasks", "{\"pageSize\": 1000}"), -32602, "INVALID_PARAMS");
        restError(
                given().header("A2A-Version", "1.0")
                        .contentType(ContentType.JSON)
                        .body("[1,")
                        .post(AGENT + "/message:send"),
                400,
                "INVALID_ARGUMENT",
                null);
        restError(
                given().header("A2A-Version", "1.0").get(AGENT + "/tasks?pageSize=many"),
                400,
                "INVALID_ARGUMENT",
                "INVALID_PARAMS");
        for (String path : new String[] {"/pushNotificationConfigs", "/pushNotificationConfigs/c1"}) {
            restError(
                    given().header("A2A-Version", "1.0").get(AGENT + "/tasks/" + UUID.randomUUID() + path),
                    400,
                    "FAILED_PRECONDITION",
                    "PUSH_NOTIFICATION_NOT_SUPPORTED");
        }
        // No such agent: the route does not exist, on both bindings.
        Response nobody = given().header("A2A-Version", "1.0")
                .contentType(ContentType.JSON)
                .body("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"GetTask\", \"params\": {\"id\": \"x\"}}")
                .post("/a2a/no-such-agent");
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(json(nobody).getInt("error.code")).isEqualTo(-32601);
    }

    @Test
    void listTasksPagesAContextNewestFirst() {
        String context = sent("One.").getString("result.task.contextId");
        String[] ids = new String[3];
        ids[0] = null;
        for (int i = 1; i < 3; i++) {
            String m = Stubs.marker();
            Stubs.anthropic(wm, m, "Turn " + i);
            JsonPath r = json(rpc(
                    "SendMessage",
                    "{\"message\": {\"messageId\": \"t" + i + "\", \"role\": \"ROLE_USER\", \"contextId\": \"" + context
                            + "\", \"parts\": [{\"text\": \"" + m + "\"}]}}"));
            ids[i] = r.getString("result.task.id");
        }
        JsonPath first = json(rpc("ListTasks", "{\"contextId\": \"" + context + "\", \"pageSize\": 2}"));
        assertThat(first.getList("result.tasks.id")).containsExactly(ids[2], ids[1]);
        assertThat(first.getInt("result.totalSize")).isEqualTo(3);
        assertThat(first.getInt("result.pageSize")).isEqualTo(2);
        assertThat(first.getString("result.tasks[0].artifacts")).isNull();
        String token = first.getString("result.nextPageToken");
        assertThat(token).isNotEmpty();
        Response second = given().header("A2A-Version", "1.0")
                .queryParam("contextId", context)
                .queryParam("pageSize", 2)
                .queryParam("pageToken", token)
                .queryParam("status", "TASK_STATE_COMPLETED")
                .queryParam("includeArtifacts", true)
                .get(AGENT + "/tasks");
        assertThat(second.statusCode()).as(second.asString()).isEqualTo(200);
        assertThat(json(second).getList("tasks")).hasSize(1);
        assertThat(json(second).getString("tasks[0].artifacts[0].parts[0].text"))
                .isEqualTo("One.");
        assertThat(json(second).getString("nextPageToken")).isEmpty();
        assertThat(json(rpc("ListTasks", "{\"contextId\": \"" + context + "\", \"status\": \"TASK_STATE_WORKING\"}"))
                        .getList("result.tasks"))
                .isEmpty();
    }
}
