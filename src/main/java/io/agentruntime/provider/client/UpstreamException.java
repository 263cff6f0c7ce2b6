package io.agentruntime.provider.client;

import io.agentruntime.provider.ProviderException;
import java.time.Duration;
import java.util.Map;

/**
 * A failure seen at the wire, before it is known which named provider it belongs to: the REST clients'
 * exception mappers and stream parsers raise it, {@link ProviderErrors#attribute} turns it into the
 * {@link ProviderException} callers see. Carries no provider text.
 */
public final class UpstreamException extends ProviderException {

    private final Duration retryAfter;
    private final String reason;
    private final boolean retryable;
    private final String wireCause;
    private final boolean connectionLost;

    /**
     * @param status     the HTTP status, the status the provider's error type stands for mid-stream, or 0
     * @param retryAfter the provider's retry hint, or null
     * @param reason     our own words for what went wrong when the status does not say it, or null
     * @param retryable  whether another attempt may succeed
     */
    UpstreamException(Kind kind, int status, String requestId, Duration retryAfter, String reason, boolean retryable) {
        this(kind, status, requestId, retryAfter, reason, retryable, null, false);
    }

    /**
     * A failure of the connection rather than an answer.
     *
     * @param wireCause      what happened on the wire, for the log: our words and the root exception
     * @param connectionLost the connection was closed or reset before any response byte, so the request
     *                       may never have been processed
     */
    UpstreamException(
            Kind kind,
            int status,
            String requestId,
            Duration retryAfter,
            String reason,
            boolean retryable,
            String wireCause,
            boolean connectionLost) {
        super(
                kind,
                null,
                status,
                requestId,
                reason != null ? reason : "The model provider answered HTTP " + status,
                Map.of(),
                null);
        this.retryAfter = retryAfter;
        this.reason = reason;
        this.retryable = retryable;
        this.wireCause = wireCause;
        this.connectionLost = connectionLost;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }

    /**
     * What went wrong, for the log line of a retry or a failure: the HTTP status, or for a failed
     * connection our words and the root exception's class and message (never a body or a header).
     */
    public String wireCause() {
        if (wireCause != null) {
            return wireCause;
        }
        return httpStatus() > 0 ? "HTTP " + httpStatus() : getMessage();
    }

    /** Closed or reset before any response byte: the request may never have reached the provider. */
    public boolean connectionLost() {
        return connectionLost;
    }

    /** The same failure once a response had begun: the provider did see the request. */
    UpstreamException afterResponse() {
        if (!connectionLost) {
            return this;
        }
        return new UpstreamException(
                kind(), httpStatus(), providerRequestId(), retryAfter, reason, retryable, wireCause, false);
    }
}
