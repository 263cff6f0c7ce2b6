package io.agentruntime.auth.key;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/** A key as lists show it: never the key itself nor its hash. {@code prefix} is not secret. */
@RegisterForReflection // command mode writes it with --output json
public record ApiKeyView(
        UUID id,
        String prefix,
        String tenant,
        String name,
        String role,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant revokedAt,
        Instant lastUsedAt) {}
