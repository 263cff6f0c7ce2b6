package io.agentruntime.provider.client;

import io.agentruntime.provider.ProviderException.Kind;

/** The wire failures the protocol adapters raise themselves, in one wording. */
public final class WireFailures {

    private WireFailures() {}

    /**
     * {@link EventStreams} already fails a stream whose bytes stop for the read timeout; this backstop a
     * little later also covers a stream that keeps sending bytes (comments, say) but no event.
     */
    static java.time.Duration streamSilenceLimit(ProviderSettings settings) {
        return settings.readTimeout().plusSeconds(1);
    }

    static UpstreamException timeout() {
        return new UpstreamException(
                Kind.TIMEOUT, 0, null, null, null, true, "no answer within the read timeout", false);
    }

    /** The stream closed before its end marker: nothing says the answer was complete. */
    static UpstreamException cutShort(String requestId) {
        return new UpstreamException(
                Kind.UPSTREAM,
                0,
                requestId,
                null,
                "The model provider's stream ended before the answer was complete",
                true);
    }

    public static UpstreamException unreadable(String requestId) {
        return new UpstreamException(
                Kind.UPSTREAM, 0, requestId, null, "The model provider's answer could not be read", false);
    }
}
