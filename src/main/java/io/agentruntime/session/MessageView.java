package io.agentruntime.session;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored message.
 *
 * @param seq          1-based position in the session, gap-free
 * @param role         "user" or "assistant"
 * @param model        the model that wrote an assistant message, else null
 * @param inputTokens  null when unknown
 * @param outputTokens null when unknown
 * @param taskId       the task that wrote it, or null
 */
public record MessageView(
        UUID id,
        UUID sessionId,
        long seq,
        String role,
        String content,
        String model,
        Long inputTokens,
        Long outputTokens,
        UUID taskId,
        Instant createdAt) {}
