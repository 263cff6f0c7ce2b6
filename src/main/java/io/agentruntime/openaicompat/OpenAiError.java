package io.agentruntime.openaicompat;

import io.agentruntime.common.problem.ProblemException;
import java.util.Locale;

/**
 * A failure in OpenAI's terms: the HTTP status and the {@code error} object OpenAI's SDKs read
 * ({@code message}, {@code type}, {@code param}, {@code code}).
 */
final class OpenAiError extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final String retryAfter;

    OpenAiError(int status, String message, String type, String param, String code, String retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    static OpenAiError modelNotFound(String model) {
        return new OpenAiError(
                404,
                "The model '" + model + "' does not exist: it names no agent here (GET /openai/v1/models lists them)",
                "invalid_request_error",
                "model",
                "model_not_found",
                null);
    }

    /**
     * No credentials, or credentials that are not valid: OpenAI's {@code invalid_api_key}. The words never
     * say whether a key exists.
     */
    static OpenAiError unauthenticated(boolean credentialsGiven) {
        String message = credentialsGiven
                ? "Incorrect API key provided (unknown, revoked or expired key, or a token not valid for this service)"
                : "You didn't provide an API key: send Authorization: Bearer <API key>";
        return new OpenAiError(401, message, "invalid_request_error", null, "invalid_api_key", null);
    }

    /** One of this service's problems, in OpenAI's error shape. */
    static OpenAiError of(ProblemException p) {
        String param = p.errors().isEmpty() ? null : p.errors().getFirst().field();
        String message = p.errors().isEmpty()
                ? p.getMessage()
                : p.errors().getFirst().field() + ": " + p.errors().getFirst().message();
        return of(p.type().status(), message, param, p.headers().get("Retry-After"));
    }

    static OpenAiError of(int status, String message, String param, String retryAfter) {
        return new OpenAiError(status, message, type(status), param, code(status), retryAfter);
    }

    /** The error types OpenAI's API reference names, by status. */
    private static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private static String code(int status) {
        return status == 429 ? "rate_limit_exceeded" : status >= 500 ? null : "http_" + status;
    }

    int status() {
        return status;
    }

    String retryAfter() {
        return retryAfter;
    }

    OpenAiWire.ErrorBody body() {
        return new OpenAiWire.ErrorBody(new OpenAiWire.ErrorDetail(getMessage(), type, param, code));
    }

    @Override
    public String toString() {
        return "OpenAiError[" + status + " " + type.toLowerCase(Locale.ROOT) + "]";
    }
}
