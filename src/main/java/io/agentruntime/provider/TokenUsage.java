package io.agentruntime.provider;

/** Tokens billed for one call. */
public record TokenUsage(long inputTokens, long outputTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0);
}
