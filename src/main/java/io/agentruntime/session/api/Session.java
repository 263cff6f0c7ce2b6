package io.agentruntime.session.api;

import io.agentruntime.session.SessionView;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A session on the wire. */
@Schema(
        name = "Session",
        description = "A conversation with one agent and its stored messages",
        requiredProperties = {"id", "agent", "metadata", "owner", "messageCount", "createdAt", "updatedAt"})
public record Session(
        @Schema(description = "Time-ordered id (UUIDv7)", example = "01980f3c-5a2e-7b3d-9c41-6f0e2a1b7c55")
        UUID id,

        @Schema(description = "Name of the agent the session talks to", example = "code-reviewer")
        String agent,

        @Schema(description = "Free-form title, may be absent", example = "Review of PR 42", nullable = true)
        String title,

        @Schema(
                description = "Caller-defined labels; filter lists with ?metadata=<key>:<value>",
                example = "{\"team\": \"payments\", \"ticket\": \"PAY-17\"}")
        Map<String, Object> metadata,

        @Schema(
                description = "Who created it: an API key's name or a token's subject, within the caller's tenant",
                example = "ci-reviewer")
        String owner,

        @Schema(description = "Number of stored messages", example = "4")
        long messageCount,

        @Schema(description = "RFC 3339, UTC", example = "2026-11-26T04:05:06.789Z")
        Instant createdAt,

        @Schema(
                description = "RFC 3339, UTC; changes with every message and update",
                example = "2026-11-26T04:07:12.001Z")
        Instant updatedAt) {

    static Session of(SessionView v) {
        return new Session(
                v.id(), v.agent(), v.title(), v.metadata(), v.owner(), v.messageCount(), v.createdAt(), v.updatedAt());
    }
}
