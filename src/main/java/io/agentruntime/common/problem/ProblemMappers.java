package io.agentruntime.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.agentruntime.common.DatabaseOutage;
import io.agentruntime.common.RequestIds;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.channels.ClosedChannelException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into RFC 9457 problem+json. Callers see what they can act on; a 5xx shows only
 * the request id, and the cause goes to the log.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, HttpServerRequest request) {
        if (e.type() == ProblemType.INTERNAL && e.getCause() != null && DatabaseOutage.noticed(e.getCause())) {
            return unexpected(e.getCause(), uri, request);
        }
        if (e.type().status() >= 500 && e.getCause() != null) {
            LOG.errorf(e.getCause(), "%s (request %s)", e.getMessage(), RequestIds.of(request));
        }
        Response.ResponseBuilder builder = respond(e.type(), e.getMessage(), e.errors(), uri, request);
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return respond(ProblemType.VALIDATION, detail, errors, uri, request).build();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri, HttpServerRequest request) {
        ProblemException refused = causeOf(e, ProblemException.class);
        if (refused != null) {
            // Refused while parsing (a NUL character): the problem already names the field.
            return problem(refused, uri, request);
        }
        String field = e instanceof JsonMappingException m ? pathOf(m) : null;
        String what = JsonErrors.describe(e);
        List<Problem.FieldError> errors =
                field == null || field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, what));
        String detail = field == null || field.isEmpty()
                ? "The request body is not valid JSON: " + what
                : "The request body has a bad value at '" + field + "': " + what;
        return respond(ProblemType.BAD_REQUEST, detail, errors, uri, request).build();
    }

    /**
     * A body of the wrong shape ({@code "metadata": [1]}). Needed beside {@link #unreadableJson}: the
     * REST layer has its own mapper for exactly this type, which answers plain JSON, not a problem.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri, HttpServerRequest request) {
        return unreadableJson(e, uri, request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, HttpServerRequest request) {
        JsonProcessingException json = causeOf(e, JsonProcessingException.class);
        if (json != null) {
            // The JSON reader wraps a malformed body in a bare 400: say what is wrong with it.
            return unreadableJson(json, uri, request);
        }
        ProblemException refused = causeOf(e, ProblemException.class);
        if (refused != null) {
            return problem(refused, uri, request);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri, request);
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (status) {
            case 404 -> "No resource at " + uri.getPath();
            case 405 -> "Method " + request.method() + " is not allowed on " + uri.getPath();
            case 406 -> "None of the accepted media types can be produced here";
            case 415 -> "Content type " + request.getHeader("Content-Type") + " is not supported here";
            default -> e.getMessage() == null ? type.title() : firstLine(e.getMessage());
        };
        Response.ResponseBuilder builder = respond(type, detail, List.of(), uri, request);
        if (status == 405 && e.getResponse().getHeaderString("Allow") != null) {
            builder.header("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return builder.status(status).build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri, HttpServerRequest request) {
        String id = RequestIds.of(request);
        boolean outage = DatabaseOutage.noticed(e);
        if (!outage && DatabaseOutage.ongoing()) {
            // While the database is away a failure can surface in a form that does not name it (a
            // transaction manager's error, a driver assertion): treat it as the outage, say it in one line.
            LOG.warnf(
                    "Failure during the database outage on %s %s (request %s): %s",
                    request.method(), uri.getPath(), id, e.getClass().getSimpleName());
            outage = true;
        }
        if (outage) {
            // An outage, logged once by DatabaseOutage: no stack trace per request.
            return respond(
                            ProblemType.UNAVAILABLE,
                            "The database is unavailable; retry in a few seconds (request id " + id + ")",
                            List.of(),
                            uri,
                            request)
                    .header("Retry-After", DatabaseOutage.RETRY_AFTER_SECONDS)
                    .build();
        }
        if (clientGone(e)) {
            // The caller closed the connection (a load tool stopping, a client's timeout): nothing failed here,
            // and the answer below reaches no one.
            LOG.debugf("The client of %s %s (request %s) closed the connection", request.method(), uri.getPath(), id);
        } else {
            LOG.errorf(e, "Unexpected failure on %s %s (request %s)", request.method(), uri.getPath(), id);
        }
        return respond(
                        ProblemType.INTERNAL,
                        "The request failed; quote request id " + id + " when reporting it",
                        List.of(),
                        uri,
                        request)
                .build();
    }

    /**
     * Writing to or reading from a connection the client has closed: Netty's closed-channel failures on a write,
     * Vert.x's closed-connection failure while the body was still being read.
     */
    static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException || t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    static Response.ResponseBuilder respond(
            ProblemType type, String detail, List<Problem.FieldError> errors, UriInfo uri, HttpServerRequest request) {
        Problem body = new Problem(
                type.uri(),
                type.title(),
                type.status(),
                detail,
                uri.getPath(),
                RequestIds.of(request),
                errors == null || errors.isEmpty() ? null : errors);
        return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(body);
    }

    private static String fieldOf(ConstraintViolation<?> v) {
        // The path starts with the method and parameter names; callers know only the body's field names.
        StringBuilder field = new StringBuilder();
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        if (field.isEmpty()) {
            // A query or path parameter: name the parameter itself.
            for (Path.Node node : v.getPropertyPath()) {
                if (node.getKind() == ElementKind.PARAMETER) {
                    return node.getName();
                }
            }
        }
        return field.toString();
    }

    /** The first cause of this type in the chain (the exception itself included), or null. */
    static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        // Jackson names our classes in its messages; callers need none of that.
        return line.replaceAll("`[\\w.$]+`", "value")
                .replaceAll("\\(class [\\w.$]+\\)", "")
                .trim();
    }
}
