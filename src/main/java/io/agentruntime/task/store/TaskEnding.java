package io.agentruntime.task.store;

import io.agentruntime.task.TaskStatus;
import java.time.Instant;
import java.util.Map;

/**
 * How a running task ends: what {@link TaskStore#finishRunning} writes. Provider, model, token counts and
 * provider time left null keep what the row holds.
 */
public record TaskEnding(
        TaskStatus status,
        String output,
        String provider,
        String model,
        Long inputTokens,
        Long outputTokens,
        Long providerMs,
        Map<String, Object> error,
        Instant finishedAt) {}
