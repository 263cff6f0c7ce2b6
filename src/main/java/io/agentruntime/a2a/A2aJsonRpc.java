package io.agentruntime.a2a;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.task.TaskTicket;
import io.agentruntime.task.TaskView;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * The JSON-RPC 2.0 binding (specification 9): one POST per call, the method by its A2A name, errors as
 * JSON-RPC error objects with A2A's codes and an ErrorInfo naming the A2A error. Streams are Server-Sent
 * Events whose data are JSON-RPC responses carrying the request's id.
 */
@ApplicationScoped
class A2aJsonRpc {

    static final String VERSION = "2.0";
    private static final Set<String> PUSH_METHODS = Set.of(
            "CreateTaskPushNotificationConfig",
            "GetTaskPushNotificationConfig",
            "ListTaskPushNotificationConfigs",
            "DeleteTaskPushNotificationConfig");

    private final A2aOperations ops;
    private final ObjectMapper json;

    A2aJsonRpc(A2aOperations ops, ObjectMapper json) {
        this.ops = ops;
        this.json = json;
    }

    Response call(String route, String body, A2aVersion.Given version, HttpServerResponse http) {
        JsonNode id = null;
        try {
            JsonNode request = parse(body);
            id = request.get("id");
            String method = request.path("method").asText();
            version.check();
            JsonNode params = request.path("params");
            return switch (method) {
                case "SendMessage" ->
                    ok(
                            id,
                            new A2aWire.SendMessageResponse(
                                    ops.send(route, params(params, A2aWire.SendMessageRequest.class))));
                case "SendStreamingMessage" -> {
                    TaskTicket ticket = ops.admit(route, params(params, A2aWire.SendMessageRequest.class));
                    JsonNode rid = id;
                    yield stream(rid, http, out -> ops.stream(ticket, out));
                }
                case "GetTask" -> ok(id, ops.get(route, params(params, A2aWire.TaskIdRequest.class)));
                case "ListTasks" -> ok(id, ops.list(route, params(params, A2aWire.ListTasksRequest.class)));
                case "CancelTask" -> ok(id, ops.cancel(route, params(params, A2aWire.TaskIdRequest.class)));
                case "SubscribeToTask" -> {
                    TaskView task = ops.subscribable(route, params(params, A2aWire.TaskIdRequest.class));
                    JsonNode rid = id;
                    yield stream(rid, http, out -> ops.subscribe(task, out));
                }
                case "GetExtendedAgentCard" ->
                    throw A2aError.of(
                            A2aError.Kind.EXTENDED_AGENT_CARD_NOT_CONFIGURED,
                            "There is no extended card: the public card is the whole card");
                default -> {
                    if (PUSH_METHODS.contains(method)) {
                        throw A2aError.of(
                                A2aError.Kind.PUSH_NOTIFICATION_NOT_SUPPORTED,
                                "Push notifications are not supported: stream, subscribe or poll GetTask");
                    }
                    throw A2aError.of(A2aError.Kind.METHOD_NOT_FOUND, "Method not found: " + method);
                }
            };
        } catch (A2aError e) {
            return error(id, e);
        }
    }

    /** A request object, or PARSE_ERROR / INVALID_REQUEST (JSON-RPC 2.0, section 5.1). */
    private JsonNode parse(String body) {
        JsonNode request;
        try {
            request = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw A2aError.of(A2aError.Kind.PARSE_ERROR, "Invalid JSON payload");
        }
        if (request == null || !request.isObject()) {
            throw A2aError.of(A2aError.Kind.INVALID_REQUEST, "The body must be a JSON-RPC 2.0 request object");
        }
        JsonNode id = request.get("id");
        boolean goodId = id == null || id.isNull() || id.isTextual() || id.isIntegralNumber();
        if (!VERSION.equals(request.path("jsonrpc").asText())
                || !request.path("method").isTextual()
                || !goodId) {
            throw A2aError.of(
                    A2aError.Kind.INVALID_REQUEST,
                    "A JSON-RPC 2.0 request needs jsonrpc \"2.0\", a method name and a string or number id");
        }
        return request;
    }

    private <T> T params(JsonNode given, Class<T> type) {
        // JSON-RPC lets a call leave params out: read as empty, the operation names what it misses.
        JsonNode params = given.isMissingNode() || given.isNull() ? json.createObjectNode() : given;
        if (!params.isObject()) {
            throw A2aError.invalidParams("params", "must be an object");
        }
        try {
            return json.treeToValue(params, type);
        } catch (JsonProcessingException e) {
            throw A2aError.invalidParams("params", A2aRest.why(e));
        }
    }

    private static Response ok(JsonNode id, Object result) {
        return Response.ok(new A2aWire.RpcResponse(VERSION, id, result, null), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /**
     * An error answer: HTTP 200 as JSON-RPC has it, except where HTTP itself has the answer (no such
     * agent, credentials, outage), so that proxies and retries see it.
     */
    static Response error(JsonNode id, A2aError e) {
        int status = switch (e.kind()) {
            case NO_SUCH_AGENT, UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_EXHAUSTED, UNAVAILABLE, INTERNAL ->
                e.kind().httpStatus;
            default -> 200;
        };
        Response.ResponseBuilder r = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new A2aWire.RpcResponse(VERSION, id, null, e.rpcError()));
        if (e.retryAfter() != null) {
            r.header("Retry-After", e.retryAfter());
        }
        return r.build();
    }

    private Response stream(JsonNode id, HttpServerResponse http, A2aSse.Body body) {
        return A2aSse.response(
                http,
                json,
                event -> new A2aWire.RpcResponse(VERSION, id, event, null),
                null,
                e -> new A2aWire.RpcResponse(VERSION, id, null, e.rpcError()),
                body);
    }
}
