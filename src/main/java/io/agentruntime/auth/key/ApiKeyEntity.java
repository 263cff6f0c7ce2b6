package io.agentruntime.auth.key;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code api_keys}; never leaves this package. The key itself is not stored, only its hash. */
@Entity
@Table(name = "api_keys")
class ApiKeyEntity {

    @Id
    UUID id;

    @Column(name = "lookup_id", nullable = false, unique = true)
    String lookupId;

    @Column(name = "key_hash", nullable = false)
    byte[] keyHash;

    @Column(name = "tenant", nullable = false)
    String tenant;

    @Column(name = "name", nullable = false)
    String name;

    @Column(name = "role", nullable = false)
    String role;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "created_by", nullable = false)
    String createdBy;

    @Column(name = "expires_at")
    Instant expiresAt;

    @Column(name = "revoked_at")
    Instant revokedAt;

    @Column(name = "last_used_at")
    Instant lastUsedAt;

    ApiKeyView toView() {
        return new ApiKeyView(
                id,
                KeySecrets.displayPrefix(lookupId),
                tenant,
                name,
                role,
                createdAt,
                createdBy,
                expiresAt,
                revokedAt,
                lastUsedAt);
    }
}
