package io.agentruntime.common.problem;

import java.util.List;
import java.util.Map;

/**
 * Thrown by any feature to answer with a problem: the mapper turns it into problem+json. The detail
 * is shown to the caller, so it must never carry a secret, a provider body or a stack trace.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of(), null);
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors) {
        this(type, detail, errors, Map.of(), null);
    }

    public ProblemException(
            ProblemType type,
            String detail,
            List<Problem.FieldError> errors,
            Map<String, String> headers,
            Throwable cause) {
        super(detail, cause);
        this.type = type;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException badField(String field, String message) {
        return new ProblemException(
                ProblemType.VALIDATION, field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Extra response headers, such as Retry-After. */
    public Map<String, String> headers() {
        return headers;
    }
}
