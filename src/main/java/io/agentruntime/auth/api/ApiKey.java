package io.agentruntime.auth.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentruntime.auth.key.ApiKeyView;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An API key as the API shows it: never the key itself nor its hash. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// A Response entity (create), out of Quarkus' sight for the native executable.
@RegisterForReflection
@Schema(
        name = "ApiKey",
        requiredProperties = {"id", "prefix", "tenant", "name", "role", "createdAt", "createdBy"})
public record ApiKey(
        UUID id,

        @Schema(description = "The key's first, non-secret characters, to recognise it", example = "ark_4fQ9zK2mPq7X")
        String prefix,

        @Schema(example = "payments") String tenant,
        @Schema(example = "ci") String name,
        @Schema(enumeration = {"caller", "admin"}) String role,
        Instant createdAt,

        @Schema(description = "Who made it: an administrator's subject, or command-mode", example = "command-mode")
        String createdBy,

        @Schema(description = "Absent: never expires") Instant expiresAt,
        @Schema(description = "Absent: not revoked") Instant revokedAt,

        @Schema(description = "Last use, to the minute; absent: never used")
        Instant lastUsedAt) {

    static ApiKey of(ApiKeyView v) {
        return new ApiKey(
                v.id(),
                v.prefix(),
                v.tenant(),
                v.name(),
                v.role(),
                v.createdAt(),
                v.createdBy(),
                v.expiresAt(),
                v.revokedAt(),
                v.lastUsedAt());
    }
}
