package io.agentruntime.session.api;

import io.agentruntime.session.MessageView;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stored message on the wire. */
@Schema(
        name = "Message",
        description = "One message of a session, in the order it was written",
        requiredProperties = {"id", "sessionId", "seq", "role", "content", "createdAt"})
public record Message(
        @Schema(description = "Time-ordered id (UUIDv7)", example = "01980f3c-6b10-7e2a-8d55-2c9f3a4b5d66")
        UUID id,

        @Schema(description = "The session it belongs to") UUID sessionId,

        @Schema(description = "1-based position in the session, without gaps", example = "1")
        long seq,

        @Schema(
                description = "Who wrote it",
                enumeration = {"user", "assistant"},
                example = "user")
        String role,

        @Schema(description = "The text", example = "Please review the attached diff.")
        String content,

        @Schema(description = "Model that wrote an assistant message", nullable = true, example = "claude-sonnet-4-5")
        String model,

        @Schema(description = "Token usage of the model call that wrote it, when known", nullable = true)
        Usage usage,

        @Schema(description = "The task that wrote it; absent for copied or imported messages", nullable = true)
        UUID taskId,

        @Schema(description = "RFC 3339, UTC", example = "2026-11-26T04:05:06.789Z")
        Instant createdAt) {

    /** Token counts; either may be null when the provider did not say. */
    @Schema(name = "MessageUsage")
    public record Usage(
            @Schema(type = SchemaType.INTEGER, example = "1200", nullable = true)
            Long inputTokens,

            @Schema(type = SchemaType.INTEGER, example = "350", nullable = true)
            Long outputTokens) {}

    static Message of(MessageView v) {
        Usage usage = v.inputTokens() == null && v.outputTokens() == null
                ? null
                : new Usage(v.inputTokens(), v.outputTokens());
        return new Message(
                v.id(), v.sessionId(), v.seq(), v.role(), v.content(), v.model(), usage, v.taskId(), v.createdAt());
    }
}
