package io.agentruntime.provider;

import io.agentruntime.provider.anthropic.AnthropicWire;
import io.agentruntime.provider.client.ProviderErrors;
import io.agentruntime.provider.openai.OpenAiWire;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Wire records read with an ObjectMapper (stream events, error bodies) rather than through a REST
 * client signature, so Quarkus cannot see them: registered for the native executable.
 */
@RegisterForReflection(
        targets = {
            AnthropicWire.StreamEvent.class,
            AnthropicWire.Delta.class,
            OpenAiWire.ChatCompletionChunk.class,
            OpenAiWire.ChunkChoice.class,
            OpenAiWire.ChunkDelta.class,
            ProviderErrors.ErrorBody.class,
            ProviderErrors.ErrorInfo.class,
            ProviderErrors.Details.class
        })
final class ProviderReflection {

    private ProviderReflection() {}
}
