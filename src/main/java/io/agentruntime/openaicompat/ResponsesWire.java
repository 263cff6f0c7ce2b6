package io.agentruntime.openaicompat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Responses API shapes as this way in speaks them (OpenAI API reference: "Create a model
 * response", "The response object", "Streaming events"). Requests ignore the fields this service does
 * not use, as OpenAI's SDKs send many.
 */
public final class ResponsesWire {

    private ResponsesWire() {}

    /**
     * {@code POST /openai/v1/responses}. {@code model} names an agent, or {@code auto}; {@code input} is a
     * string or a list of messages; {@code previous_response_id} continues that response's session.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CreateResponse(
            String model,
            JsonNode input,
            String instructions,
            @JsonProperty("previous_response_id") String previousResponseId,
            Boolean stream,
            Boolean background,
            @JsonProperty("max_output_tokens") Integer maxOutputTokens,
            Double temperature,
            Map<String, Object> metadata,
            List<JsonNode> tools) {}

    /** The response object; fields OpenAI's SDKs require are always written, null when they do not apply. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Response(
            String id,
            String object,
            @JsonProperty("created_at") long createdAt,
            String status,
            @JsonProperty("completed_at") Long completedAt,
            Error error,
            @JsonProperty("incomplete_details") Object incompleteDetails,
            String instructions,
            Map<String, Object> metadata,
            String model,
            List<Message> output,
            @JsonProperty("parallel_tool_calls") boolean parallelToolCalls,
            Double temperature,
            @JsonProperty("tool_choice") String toolChoice,
            List<Object> tools,
            @JsonProperty("top_p") Double topP,
            @JsonProperty("max_output_tokens") Integer maxOutputTokens,
            @JsonProperty("previous_response_id") String previousResponseId,
            boolean background,
            boolean store,
            String truncation,
            Usage usage) {}

    /** The one output item: the agent's answer. */
    public record Message(String id, String type, String role, String status, List<OutputText> content) {}

    public record OutputText(String type, String text, List<Object> annotations, List<Object> logprobs) {}

    public record Usage(
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("input_tokens_details") InputDetails inputTokensDetails,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("output_tokens_details") OutputDetails outputTokensDetails,
            @JsonProperty("total_tokens") long totalTokens) {}

    public record InputDetails(
            @JsonProperty("cached_tokens") long cachedTokens) {}

    public record OutputDetails(
            @JsonProperty("reasoning_tokens") long reasoningTokens) {}

    /** Why a response failed; {@code code} is one of OpenAI's (server_error, rate_limit_exceeded). */
    public record Error(String code, String message) {}
}
