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

    /**
     * @param status     the HTTP status, the status the provider's error type stands for mid-stream, or 0
     * @param retryAfter the provider's retry hint, or null
     * @param reason     our own words for what went wrong when the status does not say it, or null
     * @param retryable  whether another attempt may succeed
     */
    UpstreamException(Kind kind, int status, String requestId, Duration retryAfter, String reason, boolean retryable) {
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
}
