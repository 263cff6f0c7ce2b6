package io.agentruntime.openaicompat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Chat Completions and Models shapes as this way in speaks them (OpenAI API reference:
 * "Create chat completion", "The chat completion chunk object", "List models", error objects). Requests
 * ignore the fields this service does not use, as OpenAI's SDKs send many.
 */
public final class OpenAiWire {

    private OpenAiWire() {}

    /** {@code POST /openai/v1/chat/completions}. {@code model} names an agent, or {@code auto}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChatRequest(
            String model,
            List<InMessage> messages,
            Boolean stream,
            @JsonProperty("stream_options") StreamOptions streamOptions,
            @JsonProperty("max_tokens") Integer maxTokens,
            @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
            Double temperature,
            String user,
            Map<String, Object> metadata) {}

    /** content is a string or a list of parts, of which the text parts are read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InMessage(String role, JsonNode content) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StreamOptions(
            @JsonProperty("include_usage") Boolean includeUsage) {}

    public record ChatCompletion(
            String id, String object, long created, String model, List<Choice> choices, Usage usage) {}

    public record Choice(
            int index,
            OutMessage message,
            Object logprobs,
            @JsonProperty("finish_reason") String finishReason) {}

    public record OutMessage(String role, String content, Object refusal) {}

    public record Usage(
            @JsonProperty("prompt_tokens") long promptTokens,
            @JsonProperty("completion_tokens") long completionTokens,
            @JsonProperty("total_tokens") long totalTokens) {}

    /** One {@code chat.completion.chunk}; usage is null except in the last chunk when asked for. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices, Usage usage) {}

    public record ChunkChoice(
            int index,
            Delta delta,
            Object logprobs,
            @JsonProperty("finish_reason") String finishReason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {}

    public record ModelList(String object, List<Model> data) {}

    public record Model(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy) {}

    public record ErrorBody(ErrorDetail error) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ErrorDetail(String message, String type, String param, String code) {}
}
