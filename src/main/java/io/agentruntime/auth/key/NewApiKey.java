package io.agentruntime.auth.key;

import java.time.Instant;

/** What an administrator asks for: a key of {@code tenant}, named, with a role and maybe an expiry. */
public record NewApiKey(String tenant, String name, String role, Instant expiresAt, String createdBy) {}
