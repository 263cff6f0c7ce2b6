package io.agentruntime.provider;

/**
 * A finished answer.
 *
 * @param text              the whole answer text
 * @param provider          the provider that answered (after any fallback)
 * @param model             the model that answered, as the provider named it
 * @param stopReason        e.g. end_turn, max_tokens, stop, length
 * @param usage             tokens in and out
 * @param providerRequestId the provider's request id (header), or null
 * @param providerMillis    time spent waiting on the provider, retries included
 */
public record ChatResult(
        String text,
        String provider,
        String model,
        String stopReason,
        TokenUsage usage,
        String providerRequestId,
        long providerMillis) {}
