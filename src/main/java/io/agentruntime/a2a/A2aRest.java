package io.agentruntime.a2a;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.task.TaskTicket;
import io.agentruntime.task.TaskView;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;

/**
 * The HTTP+JSON binding (specification 11): the operations on resource paths, bodies as the proto's
 * JSON in {@code application/a2a+json}, errors as google.rpc.Status under {@code error} with an
 * ErrorInfo naming the A2A error, streams as Server-Sent Events of StreamResponses.
 */
@ApplicationScoped
class A2aRest {

    static final MediaType A2A_JSON = new MediaType("application", "a2a+json");

    private final A2aOperations ops;
    private final ObjectMapper json;

    A2aRest(A2aOperations ops, ObjectMapper json) {
        this.ops = ops;
        this.json = json;
    }

    Response send(String route, String body) {
        return ok(new A2aWire.SendMessageResponse(ops.send(route, read(body, A2aWire.SendMessageRequest.class))));
    }

    Response stream(String route, String body, HttpServerResponse http) {
        TaskTicket ticket = ops.admit(route, read(body, A2aWire.SendMessageRequest.class));
        return sse(http, out -> ops.stream(ticket, out));
    }

    Response subscribe(String route, String id, HttpServerResponse http) {
        TaskView task = ops.subscribable(route, new A2aWire.TaskIdRequest(id, null));
        return sse(http, out -> ops.subscribe(task, out));
    }

    Response get(String route, String id) {
        return ok(ops.get(route, new A2aWire.TaskIdRequest(id, null)));
    }

    Response cancel(String route, String id) {
        return ok(ops.cancel(route, new A2aWire.TaskIdRequest(id, null)));
    }

    Response list(String route, A2aWire.ListTasksRequest request) {
        return ok(ops.list(route, request));
    }

    /** Why a body could not be read, in the caller's terms: the field, never a Java type. */
    static String why(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = m.getPath().stream()
                    .map(p -> p.getFieldName() != null ? p.getFieldName() : "[" + p.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return field + " has the wrong type";
        }
        return "is not valid JSON of the expected shape";
    }

    private <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw A2aError.invalidParams("body", "must be a " + type.getSimpleName());
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw A2aError.invalidParams("body", "must be a " + type.getSimpleName());
            }
            return value;
        } catch (JsonMappingException e) {
            throw A2aError.invalidParams("body", why(e));
        } catch (JsonProcessingException e) {
            throw A2aError.of(A2aError.Kind.PARSE_ERROR, "The body is not valid JSON");
        }
    }

    private Response ok(Object body) {
        return Response.ok(write(body), A2A_JSON).build();
    }

    /** The A2A error in HTTP+JSON's shape, with its status (and Retry-After for an outage). */
    Response error(A2aError e) {
        Response.ResponseBuilder r =
                Response.status(e.kind().httpStatus).type(A2A_JSON).entity(write(e.restBody()));
        if (e.retryAfter() != null) {
            r.header("Retry-After", e.retryAfter());
        }
        return r.build();
    }

    /** Written here: application/a2a+json is ours to write, not a type the JSON provider is asked for. */
    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write an A2A answer", e);
        }
    }

    private Response sse(HttpServerResponse http, A2aSse.Body body) {
        return A2aSse.response(http, json, event -> event, "error", A2aError::restBody, body);
    }
}
