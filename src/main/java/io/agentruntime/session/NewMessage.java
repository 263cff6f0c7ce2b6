package io.agentruntime.session;

import java.util.UUID;

/** A message to append; role is "user" or "assistant"; model, tokens and taskId may be null. */
public record NewMessage(String role, String content, String model, Long inputTokens, Long outputTokens, UUID taskId) {}
