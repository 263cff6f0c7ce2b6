package io.agentruntime.provider.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.provider.ChatEvent;
import io.agentruntime.provider.ChatRequest;
import io.agentruntime.provider.ChatResult;
import io.agentruntime.provider.TokenUsage;
import io.agentruntime.provider.client.Apis;
import io.agentruntime.provider.client.EventStreams;
import io.agentruntime.provider.client.ProviderErrors;
import io.agentruntime.provider.client.ProviderSettings;
import io.agentruntime.provider.client.ServerSentEvent;
import io.agentruntime.provider.client.StreamingChatClient;
import io.agentruntime.provider.client.WireFailures;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Locale;

/** Speaks the Anthropic Messages API for one named provider. */
public final class AnthropicChatClient extends StreamingChatClient<AnthropicWire.StreamEvent> {

    public static final String VERSION = "2023-06-01";

    private final Apis<AnthropicApi> apis;

    public AnthropicChatClient(ProviderSettings settings, Apis<AnthropicApi> apis, ObjectMapper json) {
        super(settings, apis, json, AnthropicWire.StreamEvent.class);
        this.apis = apis;
    }

    @Override
    public Uni<ChatResult> complete(ChatRequest request, String model) {
        return apis.calls().create(body(request, model, false)).map(response -> {
            AnthropicWire.MessagesResponse m = response.getEntity();
            if (m == null) {
                throw WireFailures.unreadable(response.getHeaderString(AnthropicApi.REQUEST_ID_HEADER));
            }
            return result(
                    m.text(),
                    m.model(),
                    model,
                    m.stopReason(),
                    usage(m.usage(), TokenUsage.NONE),
                    response.getHeaderString(AnthropicApi.REQUEST_ID_HEADER));
        });
    }

    @Override
    protected Multi<ServerSentEvent> open(EventStreams.Call call, ChatRequest request, String model) {
        return apis.streams().post("/messages", body(request, model, true), call);
    }

    /** {@code event: message_stop} ends the answer. */
    @Override
    protected boolean isEnd(ServerSentEvent event) {
        return "message_stop".equals(event.name());
    }

    @Override
    protected List<ChatEvent> accept(AnthropicWire.StreamEvent event, Answer answer) {
        switch (event.type() == null ? "" : event.type()) {
            case "message_start" -> {
                if (event.message() != null) {
                    answer.model =
                            event.message().model() != null ? event.message().model() : answer.model;
                    answer.usage = usage(event.message().usage(), answer.usage);
                }
            }
            case "content_block_delta" -> {
                AnthropicWire.Delta delta = event.delta();
                if (delta != null && "text_delta".equals(delta.type())) {
                    return answer.text(delta.text());
                }
            }
            case "message_delta" -> {
                if (event.delta() != null && event.delta().stopReason() != null) {
                    answer.stopReason = event.delta().stopReason();
                }
                answer.usage = usage(event.usage(), answer.usage);
            }
            case "error" ->
                throw ProviderErrors.fromStreamError(
                        event.error() != null ? event.error() : ProviderErrors.ErrorInfo.NONE, answer.requestId());
            default -> {
                // ping, content_block_start/stop and event types added later carry no text
            }
        }
        return List.of();
    }

    AnthropicWire.MessagesRequest body(ChatRequest request, String model, boolean stream) {
        int maxTokens = request.maxTokens() != null
                ? request.maxTokens()
                : settings.maxTokensDefault() > 0 ? settings.maxTokensDefault() : ProviderSettings.ANTHROPIC_MAX_TOKENS;
        List<AnthropicWire.Message> messages = request.messages().stream()
                .map(m -> new AnthropicWire.Message(m.role().name().toLowerCase(Locale.ROOT), m.content()))
                .toList();
        String system = request.system() == null || request.system().isBlank() ? null : request.system();
        return new AnthropicWire.MessagesRequest(
                model, maxTokens, system, messages, request.temperature(), stream ? Boolean.TRUE : null);
    }

    /** Input tokens come with message_start; output tokens are counted up to the last message_delta. */
    private static TokenUsage usage(AnthropicWire.Usage usage, TokenUsage before) {
        if (usage == null) {
            return before;
        }
        long in = usage.inputTokens() != null && usage.inputTokens() > 0 ? usage.inputTokens() : before.inputTokens();
        long out = usage.outputTokens() != null ? usage.outputTokens() : before.outputTokens();
        return new TokenUsage(in, out);
    }
}
