package io.agentruntime.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem detail, the body of every 4xx and 5xx answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
        name = "Problem",
        description = "RFC 9457 problem detail",
        requiredProperties = {"type", "title", "status"})
public record Problem(
        @Schema(description = TYPES, example = "https://agent-runtime.dev/problems/not-found")
        String type,

        @Schema(description = "Short summary of the kind of problem", example = "Not found")
        String title,

        @Schema(description = "HTTP status", example = "404")
        int status,

        @Schema(description = "What is wrong, in words a caller can act on", example = "No agent named 'foo'")
        String detail,

        @Schema(description = "The request path", example = "/v1/agents/foo")
        String instance,

        @Schema(description = "Request id, also in the X-Request-Id header")
        String requestId,

        @Schema(description = "Field errors for a bad body or parameter")
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The kinds of {@link ProblemType}, for the OpenAPI document (OpenApiContractTest keeps it complete). */
    static final String TYPES = """
            Stable URI naming the kind of problem; one of:
            - https://agent-runtime.dev/problems/bad-request (400)
            - https://agent-runtime.dev/problems/validation (400, with `errors`)
            - https://agent-runtime.dev/problems/unauthorized (401)
            - https://agent-runtime.dev/problems/forbidden (403)
            - https://agent-runtime.dev/problems/not-found (404)
            - https://agent-runtime.dev/problems/method-not-allowed (405)
            - https://agent-runtime.dev/problems/not-acceptable (406)
            - https://agent-runtime.dev/problems/conflict (409)
            - https://agent-runtime.dev/problems/gone (410)
            - https://agent-runtime.dev/problems/content-too-large (413)
            - https://agent-runtime.dev/problems/unsupported-media-type (415)
            - https://agent-runtime.dev/problems/unprocessable (422)
            - https://agent-runtime.dev/problems/too-many-requests (429)
            - https://agent-runtime.dev/problems/budget-exhausted (429)
            - https://agent-runtime.dev/problems/internal (500)
            - https://agent-runtime.dev/problems/provider-error (502)
            - https://agent-runtime.dev/problems/not-configured (503)
            - https://agent-runtime.dev/problems/unavailable (503)
            - https://agent-runtime.dev/problems/provider-timeout (504)""";

    /** One field that failed validation. */
    @Schema(
            name = "FieldError",
            requiredProperties = {"field", "message"})
    public record FieldError(
            @Schema(example = "input") String field,
            @Schema(example = "must not be blank") String message) {}
}
