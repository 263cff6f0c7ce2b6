package io.agentruntime.provider.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.provider.ProviderException;
import io.agentruntime.provider.ProviderException.Kind;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Classifies provider failures and words them for callers. The provider's error body is read only to
 * classify (type and code); its text never reaches a detail or a log line, because some providers echo
 * part of the key in it.
 */
public final class ProviderErrors {

    static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 409, 429, 500, 502, 503, 504, 529);
    /** Told to callers when a rate-limited or overloaded provider gave no hint of its own. */
    static final Duration DEFAULT_RETRY_HINT = Duration.ofSeconds(5);

    private static final int MAX_CAUSE_CHARS = 200;

    private static final Logger LOG = Logger.getLogger(ProviderErrors.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ProviderErrors() {}

    /**
     * The error bodies of both protocols: {@code {"error": {"type", "code", "message"}}} (OpenAI,
     * Anthropic), the same at the top level (vLLM), or {@code {"error": "text"}} (Ollama).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorBody(String type, String code, String message, ErrorInfo error) {

        ErrorInfo info() {
            return error != null ? error : new ErrorInfo(type, code, message, null);
        }
    }

    /** The error object; {@code details.error_code} is where Anthropic marks a reached spend limit. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorInfo(String type, String code, String message, Details details) {

        public static final ErrorInfo NONE = new ErrorInfo(null, null, null, null);

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static ErrorInfo ofText(String message) {
            return new ErrorInfo(null, null, message, null);
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public ErrorInfo {}
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Details(@JsonProperty("error_code") String errorCode) {}

    /** For the REST clients' exception mappers: an HTTP error answer, classified. */
    public static UpstreamException fromResponse(Response response, String requestIdHeader) {
        return fromAnswer(response.getStatus(), body(response), response::getHeaderString, requestIdHeader);
    }

    /**
     * An HTTP error answer read off the wire, classified.
     *
     * @param body   the whole response body, or null
     * @param header a response header by name, or null
     */
    public static UpstreamException fromAnswer(
            int status, String body, Function<String, String> header, String requestIdHeader) {
        ErrorInfo info = readError(body);
        Kind kind = classify(status, info);
        Duration retryAfter = retryAfter(header.apply("retry-after-ms"), header.apply("retry-after"), Instant.now());
        LOG.debugf("Provider answered HTTP %d (error type %s, code %s)", status, info.type(), info.code());
        return new UpstreamException(
                kind,
                status,
                header.apply(requestIdHeader),
                retryAfter,
                null,
                RETRYABLE_STATUSES.contains(status) && kind != Kind.QUOTA_EXHAUSTED);
    }

    /** For errors reported inside a stream that started with HTTP 200. */
    public static UpstreamException fromStreamError(ErrorInfo info, String requestId) {
        int status = statusOf(info.type());
        Kind kind = classify(status, info);
        return new UpstreamException(
                kind,
                status,
                requestId,
                null,
                "The model provider reported an error in the middle of the stream"
                        + (info.type() == null ? "" : " (" + info.type() + ")"),
                RETRYABLE_STATUSES.contains(status) && kind != Kind.QUOTA_EXHAUSTED);
    }

    static Kind classify(int status, ErrorInfo info) {
        boolean quota = isQuota(info);
        return switch (status) {
            case 400 -> quota ? Kind.QUOTA_EXHAUSTED : Kind.BAD_REQUEST;
            case 401, 403 -> Kind.AUTHENTICATION;
            case 402 -> Kind.QUOTA_EXHAUSTED;
            case 408, 409 -> Kind.UPSTREAM;
            case 429 -> quota ? Kind.QUOTA_EXHAUSTED : Kind.RATE_LIMITED;
            case 529 -> Kind.OVERLOADED;
            default -> {
                if (status >= 500) {
                    yield "overloaded_error".equals(info.type()) ? Kind.OVERLOADED : Kind.UPSTREAM;
                }
                yield Kind.BAD_REQUEST;
            }
        };
    }

    /** A spent budget, not a passing rate limit: retrying cannot help until someone pays or waits a month. */
    private static boolean isQuota(ErrorInfo info) {
        String type = lower(info.type());
        String code = lower(info.code());
        String detailCode = info.details() == null ? "" : lower(info.details().errorCode());
        String message = lower(info.message());
        return type.equals("insufficient_quota")
                || code.equals("insufficient_quota")
                || type.equals("billing_error")
                || detailCode.equals("enforced_spend_limit_reached")
                || message.contains("exceeded your current quota")
                || message.contains("spend limit")
                || message.contains("credit balance")
                || message.contains("billing");
    }

    /** The HTTP status an Anthropic error type stands for, for errors that arrive inside a stream. */
    private static int statusOf(String type) {
        return switch (lower(type)) {
            case "invalid_request_error", "request_too_large" -> 400;
            case "authentication_error" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "rate_limit_error" -> 429;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 500;
        };
    }

    private static String body(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ErrorInfo readError(String body) {
        try {
            if (body == null || body.isBlank()) {
                return ErrorInfo.NONE;
            }
            ErrorBody parsed = JSON.readValue(body, ErrorBody.class);
            return parsed == null ? ErrorInfo.NONE : parsed.info();
        } catch (RuntimeException | IOException e) {
            // Not JSON (a proxy's HTML page, say): the status alone must do.
            return ErrorInfo.NONE;
        }
    }

    /** {@code retry-after-ms} (OpenAI) first, then {@code retry-after} in seconds or as an HTTP date. */
    static Duration retryAfter(String retryAfterMs, String retryAfter, Instant now) {
        try {
            if (retryAfterMs != null && !retryAfterMs.isBlank()) {
                return nonNegative(Duration.ofMillis((long) Double.parseDouble(retryAfterMs.strip())));
            }
        } catch (NumberFormatException ignored) {
            // fall through to retry-after
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String value = retryAfter.strip();
        try {
            return nonNegative(Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return nonNegative(Duration.between(now, at));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * Any failure of a provider call as a ProviderException: wire failures (timeouts, lost connections,
     * unreadable answers) become {@link UpstreamException}s; ours pass through.
     */
    public static ProviderException normalize(Throwable failure) {
        LOG.debugf(failure, "Provider call failed");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProviderException p) {
                return p;
            }
        }
        // The whole chain first: the REST client wraps an unreadable answer (say, a body that is not the
        // JSON asked for) in a ProcessingException, which is not a lost connection.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return WireFailures.timeout();
            }
            if (t instanceof JsonProcessingException) {
                return WireFailures.unreadable(null);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException
                    || t instanceof io.vertx.core.VertxException
                    || t instanceof jakarta.ws.rs.ProcessingException) {
                return connectionFailure(failure);
            }
        }
        LOG.warnf(failure, "Unexpected failure of a model provider call");
        return new UpstreamException(
                Kind.UPSTREAM, 0, null, null, "The model provider call failed unexpectedly", false);
    }

    /** A failure of a call whose response had begun: never taken for a stale connection. */
    static ProviderException afterResponse(Throwable failure) {
        ProviderException e = normalize(failure);
        return e instanceof UpstreamException u ? u.afterResponse() : e;
    }

    /**
     * A connection that failed. Closed or reset with no answer is the common fate of a pooled keep-alive
     * connection the server had already closed: the request most likely never reached the provider, so
     * it is marked {@link UpstreamException#connectionLost()} for an immediate retry.
     */
    private static UpstreamException connectionFailure(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = lower(root.getMessage());
        boolean lost = root instanceof io.vertx.core.http.HttpClosedException
                || root instanceof java.nio.channels.ClosedChannelException
                || message.contains("connection was closed")
                || message.contains("connection reset")
                || message.contains("broken pipe");
        String words;
        if (lost) {
            words = "connection closed before the response";
        } else if (root instanceof io.netty.channel.ConnectTimeoutException || message.contains("timed out")) {
            words = "connect timed out";
        } else if (root instanceof java.net.ConnectException || message.contains("connection refused")) {
            words = "connection refused";
        } else if (root instanceof java.net.UnknownHostException) {
            words = "unknown host";
        } else {
            words = "connection failed";
        }
        return new UpstreamException(
                Kind.UPSTREAM,
                0,
                null,
                null,
                "The model provider could not be reached or dropped the connection",
                true,
                words + " (" + describe(root) + ")",
                lost);
    }

    /**
     * The root exception's class and message, for a log line. Wire exceptions name hosts and ports, not
     * headers or bodies; the message is cut short all the same.
     */
    static String describe(Throwable root) {
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        message = message.strip().replaceAll("\\s+", " ");
        if (message.length() > MAX_CAUSE_CHARS) {
            message = message.substring(0, MAX_CAUSE_CHARS) + "...";
        }
        return root.getClass().getSimpleName() + ": " + message;
    }

    /** The exception callers see: our words, the provider's name and request id, a retry hint when useful. */
    public static ProviderException attribute(ProviderSettings provider, ProviderException failure) {
        if (!(failure instanceof UpstreamException u)) {
            return failure;
        }
        String name = provider.name();
        int status = u.httpStatus();
        String http = status > 0 ? " (HTTP " + status + ")" : "";
        String detail = u.reason() != null
                ? u.reason().replace("The model provider", "Model provider '" + name + "'")
                : switch (u.kind()) {
                    case BAD_REQUEST ->
                        status == 404
                                ? "Model provider '" + name + "' does not know the requested model" + http
                                : "Model provider '" + name + "' rejected the request as invalid" + http;
                    case AUTHENTICATION ->
                        "Model provider '" + name + "' refused the credentials" + http + ": check providers." + name
                                + ".api-key";
                    case RATE_LIMITED -> "Model provider '" + name + "' is rate limiting requests" + http;
                    case QUOTA_EXHAUSTED ->
                        "Model provider '" + name + "' reports that the account's quota or spend limit is exhausted"
                                + http;
                    case OVERLOADED -> "Model provider '" + name + "' is overloaded" + http;
                    case TIMEOUT ->
                        "Model provider '" + name + "' did not answer within " + seconds(provider.readTimeout())
                                + " s (providers." + name + ".read-timeout)";
                    default -> "Model provider '" + name + "' failed" + http;
                };
        if (u.providerRequestId() != null) {
            detail += "; provider request id " + u.providerRequestId();
        }
        Map<String, String> headers = switch (u.kind()) {
            case RATE_LIMITED, OVERLOADED ->
                Map.of(
                        "Retry-After",
                        Long.toString(seconds(u.retryAfter() != null ? u.retryAfter() : DEFAULT_RETRY_HINT)));
            default -> Map.of();
        };
        return new ProviderException(u.kind(), name, status, u.providerRequestId(), detail, headers, u);
    }

    /** Whole seconds, rounded up, at least 1: the unit of a Retry-After header. */
    public static long seconds(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return Math.max(1, s);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
