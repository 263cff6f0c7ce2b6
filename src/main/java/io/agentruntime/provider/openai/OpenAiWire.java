package io.agentruntime.provider.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.agentruntime.provider.client.ProviderErrors;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.List;

/** OpenAI Chat Completions on the wire, as OpenAI, vLLM, Ollama and LiteLLM speak it; text content only. */
public final class OpenAiWire {

    private OpenAiWire() {}

    /** {@code POST {base}/chat/completions}; exactly one of the two token limits is set, or neither. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChatCompletionRequest(
            @NotBlank String model,
            @NotEmpty List<@Valid Message> messages,
            @Positive Integer maxTokens,
            @Positive Integer maxCompletionTokens,
            Double temperature,
            Boolean stream,
            StreamOptions streamOptions) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(
            @NotNull @Pattern(regexp = "system|user|assistant")
            String role,

            String content) {}

    /** Asks for a last chunk carrying the usage. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StreamOptions(boolean includeUsage) {}

    /** The answer of a blocking call. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChatCompletion(
            String id, String object, Long created, String model, List<Choice> choices, Usage usage) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(Integer index, Message message, String finishReason) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Usage(Long promptTokens, Long completionTokens, Long totalTokens) {}

    /**
     * One {@code data:} line of a stream (chat.completion.chunk): text in choices[0].delta.content; with
     * include_usage a last chunk has empty choices and the usage. Some servers report a failure in the
     * stream as {@code {"error": {...}}}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChatCompletionChunk(
            String id,
            String object,
            Long created,
            String model,
            List<ChunkChoice> choices,
            Usage usage,
            ProviderErrors.ErrorInfo error) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChunkChoice(Integer index, ChunkDelta delta, String finishReason) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChunkDelta(String role, String content) {}
}
