package io.agentruntime.a2a;

import io.agentruntime.common.problem.ProblemException;
import java.util.List;
import java.util.Map;

/**
 * A failure in A2A's terms (specification 3.3.2, 5.4): one {@link Kind} carries its JSON-RPC code, its
 * HTTP status and google.rpc code name, and its ErrorInfo reason, so that both bindings answer the same
 * failure with their own shape. Never carries a Java type, a stack trace or a provider's body.
 */
final class A2aError extends RuntimeException {

    static final String DOMAIN = "a2a-protocol.org";
    static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";

    enum Kind {
        TASK_NOT_FOUND(-32001, 404, "NOT_FOUND", "TASK_NOT_FOUND"),
        TASK_NOT_CANCELABLE(-32002, 400, "FAILED_PRECONDITION", "TASK_NOT_CANCELABLE"),
        PUSH_NOTIFICATION_NOT_SUPPORTED(-32003, 400, "FAILED_PRECONDITION", "PUSH_NOTIFICATION_NOT_SUPPORTED"),
        UNSUPPORTED_OPERATION(-32004, 400, "FAILED_PRECONDITION", "UNSUPPORTED_OPERATION"),
        CONTENT_TYPE_NOT_SUPPORTED(-32005, 400, "INVALID_ARGUMENT", "CONTENT_TYPE_NOT_SUPPORTED"),
        EXTENDED_AGENT_CARD_NOT_CONFIGURED(-32007, 400, "FAILED_PRECONDITION", "EXTENDED_AGENT_CARD_NOT_CONFIGURED"),
        VERSION_NOT_SUPPORTED(-32009, 400, "FAILED_PRECONDITION", "VERSION_NOT_SUPPORTED"),
        PARSE_ERROR(-32700, 400, "INVALID_ARGUMENT", null),
        INVALID_REQUEST(-32600, 400, "INVALID_ARGUMENT", null),
        METHOD_NOT_FOUND(-32601, 404, "NOT_FOUND", null),
        INVALID_PARAMS(-32602, 400, "INVALID_ARGUMENT", "INVALID_PARAMS"),
        /** No agent of that name: the route itself does not exist. */
        NO_SUCH_AGENT(-32601, 404, "NOT_FOUND", null),
        UNAUTHENTICATED(-32603, 401, "UNAUTHENTICATED", null),
        PERMISSION_DENIED(-32603, 403, "PERMISSION_DENIED", null),
        RESOURCE_EXHAUSTED(-32603, 429, "RESOURCE_EXHAUSTED", null),
        UNAVAILABLE(-32603, 503, "UNAVAILABLE", null),
        INTERNAL(-32603, 500, "INTERNAL", null);

        final int rpcCode;
        final int httpStatus;
        final String statusName;
        final String reason;

        Kind(int rpcCode, int httpStatus, String statusName, String reason) {
            this.rpcCode = rpcCode;
            this.httpStatus = httpStatus;
            this.statusName = statusName;
            this.reason = reason;
        }
    }

    private final Kind kind;
    private final Map<String, String> metadata;
    private final String retryAfter;

    A2aError(Kind kind, String message, Map<String, String> metadata, String retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        this.retryAfter = retryAfter;
    }

    static A2aError of(Kind kind, String message) {
        return new A2aError(kind, message, null, null);
    }

    static A2aError taskNotFound(String id) {
        return new A2aError(Kind.TASK_NOT_FOUND, "No task " + id + " here", Map.of("taskId", id), null);
    }

    static A2aError invalidParams(String field, String message) {
        return new A2aError(Kind.INVALID_PARAMS, field + ": " + message, Map.of("field", field), null);
    }

    /** One of this service's problems, in A2A's terms: its status decides the kind, its detail is the message. */
    static A2aError of(ProblemException p) {
        int status = p.type().status();
        Kind kind = switch (status) {
            case 401 -> Kind.UNAUTHENTICATED;
            case 403 -> Kind.PERMISSION_DENIED;
            case 429 -> Kind.RESOURCE_EXHAUSTED;
            case 500 -> Kind.INTERNAL;
            default -> status >= 500 ? Kind.UNAVAILABLE : Kind.INVALID_PARAMS;
        };
        String field = p.errors().isEmpty() ? null : p.errors().getFirst().field();
        String message = p.errors().isEmpty()
                ? p.getMessage()
                : field + ": " + p.errors().getFirst().message();
        return new A2aError(
                kind,
                message,
                field == null ? null : Map.of("field", field),
                p.headers().get("Retry-After"));
    }

    Kind kind() {
        return kind;
    }

    /** Seconds, for a Retry-After header; or null. */
    String retryAfter() {
        return retryAfter;
    }

    A2aWire.RpcError rpcError() {
        return new A2aWire.RpcError(kind.rpcCode, getMessage(), details());
    }

    A2aWire.RestErrorBody restBody() {
        return new A2aWire.RestErrorBody(
                new A2aWire.RestError(kind.httpStatus, kind.statusName, getMessage(), details()));
    }

    /** The ErrorInfo that names an A2A error; none for the plain JSON-RPC and HTTP failures. */
    private List<A2aWire.ErrorInfo> details() {
        return kind.reason == null
                ? List.of()
                : List.of(new A2aWire.ErrorInfo(ERROR_INFO, kind.reason, DOMAIN, metadata.isEmpty() ? null : metadata));
    }

    @Override
    public String toString() {
        return "A2aError[" + kind + "]";
    }
}
