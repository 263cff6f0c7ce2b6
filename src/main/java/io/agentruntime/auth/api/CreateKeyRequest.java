package io.agentruntime.auth.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/admin/keys}. */
@Schema(name = "CreateApiKey")
public record CreateKeyRequest(
        @Schema(description = "The tenant the key acts for; the administrator's own when absent", example = "payments")
        @Size(min = 1, max = 64)
        String tenant,

        @Schema(description = "What the key is for, shown in lists", example = "ci", required = true)
        @NotBlank
        @Size(max = 100)
        String name,

        @Schema(
                description = "caller (the default) or admin",
                enumeration = {"caller", "admin"},
                example = "caller")
        @Pattern(regexp = "caller|admin", message = "must be caller or admin")
        String role,

        @Schema(
                description = "When the key stops working (RFC 3339); never when absent",
                type = SchemaType.STRING,
                format = "date-time",
                example = "2026-12-31T00:00:00Z")
        Instant expiresAt) {}
