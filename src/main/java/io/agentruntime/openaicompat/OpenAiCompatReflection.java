package io.agentruntime.openaicompat;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Records written with an ObjectMapper (stream chunks) or as a {@code Response} entity, which Quarkus
 * cannot see from the method signatures: registered for the native executable.
 */
@RegisterForReflection(
        targets = {
            OpenAiWire.ChatCompletion.class,
            OpenAiWire.Choice.class,
            OpenAiWire.OutMessage.class,
            OpenAiWire.Usage.class,
            OpenAiWire.Chunk.class,
            OpenAiWire.ChunkChoice.class,
            OpenAiWire.Delta.class,
            OpenAiWire.ErrorBody.class,
            OpenAiWire.ErrorDetail.class,
            ResponsesWire.Response.class,
            ResponsesWire.Message.class,
            ResponsesWire.OutputText.class,
            ResponsesWire.Usage.class,
            ResponsesWire.InputDetails.class,
            ResponsesWire.OutputDetails.class,
            ResponsesWire.Error.class
        })
final class OpenAiCompatReflection {

    private OpenAiCompatReflection() {}
}
