package io.agentruntime.session.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/sessions/{id}/fork}; optional. */
@RegisterForReflection // read with ObjectMapper by SessionResource, out of Quarkus' sight
@Schema(name = "ForkSession")
public record ForkSession(
        @Schema(
                description = "Last message to copy (inclusive); every message when absent",
                nullable = true,
                example = "01980f3c-6b10-7e2a-8d55-2c9f3a4b5d66")
        UUID messageId) {}
