package io.agentruntime.provider;

import java.util.List;

/**
 * What to ask a model.
 *
 * @param model       the resolved model
 * @param system      the system prompt, or null
 * @param messages    the turns, oldest first, ending with the user's
 * @param maxTokens   output limit, or null for the provider's configured default
 * @param temperature or null for the model's default
 */
public record ChatRequest(
        ResolvedModel model, String system, List<ChatMessage> messages, Integer maxTokens, Double temperature) {}
