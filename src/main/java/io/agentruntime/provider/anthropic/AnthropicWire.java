package io.agentruntime.provider.anthropic;

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

/** The Anthropic Messages API on the wire (anthropic-version 2023-06-01), text content only. */
public final class AnthropicWire {

    private AnthropicWire() {}

    /** {@code POST /v1/messages}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessagesRequest(
            @NotBlank String model,
            @Positive int maxTokens,
            String system,
            @NotEmpty List<@Valid Message> messages,
            Double temperature,
            Boolean stream) {}

    public record Message(
            @NotNull @Pattern(regexp = "user|assistant") String role,
            @NotNull String content) {}

    /** The answer of a blocking call. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MessagesResponse(
            String id,
            String type,
            String role,
            List<ContentBlock> content,
            String model,
            String stopReason,
            String stopSequence,
            Usage usage) {

        String text() {
            StringBuilder text = new StringBuilder();
            if (content != null) {
                for (ContentBlock block : content) {
                    if ("text".equals(block.type()) && block.text() != null) {
                        text.append(block.text());
                    }
                }
            }
            return text.toString();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContentBlock(String type, String text) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Usage(Long inputTokens, Long outputTokens) {}

    /**
     * One server-sent event's data. {@code type} says which fields are set: message_start (message),
     * content_block_start (index, content_block), content_block_delta (index, delta with text_delta),
     * content_block_stop, message_delta (delta.stop_reason, cumulative usage), message_stop, ping, error.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StreamEvent(
            String type,
            MessagesResponse message,
            Integer index,
            ContentBlock contentBlock,
            Delta delta,
            Usage usage,
            ProviderErrors.ErrorInfo error) {}

    /** A content_block_delta's or a message_delta's delta. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Delta(String type, String text, String stopReason, String stopSequence) {}
}
