package io.agentruntime.usage;

import java.time.Instant;
import java.util.UUID;

/** What one finished task cost, as the task engine reports it for the ledger. */
public record UsageRecord(
        UUID taskId,
        String tenant,
        String agent,
        String provider,
        String model,
        long inputTokens,
        long outputTokens,
        long durationMs,
        Instant finishedAt) {}
