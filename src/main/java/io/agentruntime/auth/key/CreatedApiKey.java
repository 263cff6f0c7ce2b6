package io.agentruntime.auth.key;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A new key and its secret, which exists only here: it is stored as a hash and never shown again. */
@RegisterForReflection // command mode writes it with --output json
public record CreatedApiKey(ApiKeyView key, String secret) {}
