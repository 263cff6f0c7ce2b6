package io.agentruntime.common.problem;

/** The kinds of problem this API reports; each URI is stable and documented in the OpenAPI document. */
public enum ProblemType {
    BAD_REQUEST(400, "Bad request", "bad-request"),
    VALIDATION(400, "Invalid request", "validation"),
    UNAUTHORIZED(401, "Unauthorized", "unauthorized"),
    FORBIDDEN(403, "Forbidden", "forbidden"),
    NOT_FOUND(404, "Not found", "not-found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed", "method-not-allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable", "not-acceptable"),
    CONFLICT(409, "Conflict", "conflict"),
    GONE(410, "Gone", "gone"),
    CONTENT_TOO_LARGE(413, "Content too large", "content-too-large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type", "unsupported-media-type"),
    UNPROCESSABLE(422, "Unprocessable request", "unprocessable"),
    TOO_MANY_REQUESTS(429, "Too many requests", "too-many-requests"),
    BUDGET_EXHAUSTED(429, "Budget exhausted", "budget-exhausted"),
    INTERNAL(500, "Internal error", "internal"),
    PROVIDER_ERROR(502, "Model provider error", "provider-error"),
    NOT_CONFIGURED(503, "Not configured", "not-configured"),
    UNAVAILABLE(503, "Service unavailable", "unavailable"),
    PROVIDER_TIMEOUT(504, "Model provider timeout", "provider-timeout");

    public static final String BASE_URI = "https://agent-runtime.dev/problems/";

    private final int status;
    private final String title;
    private final String slug;

    ProblemType(int status, String title, String slug) {
        this.status = status;
        this.title = title;
        this.slug = slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return BASE_URI + slug;
    }

    public static ProblemType forStatus(int status) {
        for (ProblemType t : values()) {
            if (t.status == status) {
                return t;
            }
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }
}
