package io.agentruntime.session;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A session as callers see it. */
public record SessionView(
        UUID id,
        String agent,
        String title,
        Map<String, Object> metadata,
        String owner,
        long messageCount,
        Instant createdAt,
        Instant updatedAt) {}
