package io.agentruntime.provider.openai;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Speaks OpenAI-compatible Chat Completions for one named provider. */
public final class OpenAiChatClient extends StreamingChatClient<OpenAiWire.ChatCompletionChunk> {

    private static final String DONE_MARKER = "[DONE]";

    private final Apis<OpenAiApi> apis;

    public OpenAiChatClient(ProviderSettings settings, Apis<OpenAiApi> apis, ObjectMapper json) {
        super(settings, apis, json, OpenAiWire.ChatCompletionChunk.class);
        this.apis = apis;
    }

    @Override
    public Uni<ChatResult> complete(ChatRequest request, String model) {
        return apis.calls().create(body(request, model, false)).map(response -> {
            OpenAiWire.ChatCompletion c = response.getEntity();
            String requestId = response.getHeaderString(OpenAiApi.REQUEST_ID_HEADER);
            if (c == null
                    || c.choices() == null
                    || c.choices().isEmpty()
                    || c.choices().get(0).message() == null) {
                throw WireFailures.unreadable(requestId);
            }
            OpenAiWire.Choice first = c.choices().get(0);
            String text =
                    first.message().content() == null ? "" : first.message().content();
            return result(text, c.model(), model, first.finishReason(), usage(c.usage(), TokenUsage.NONE), requestId);
        });
    }

    @Override
    protected Multi<ServerSentEvent> open(EventStreams.Call call, ChatRequest request, String model) {
        return apis.streams().post("/chat/completions", body(request, model, true), call);
    }

    /** {@code data: [DONE]} ends the answer. */
    @Override
    protected boolean isEnd(ServerSentEvent event) {
        return DONE_MARKER.equals(event.data().strip());
    }

    /** Some servers omit [DONE]; a finish reason still says the answer is whole. */
    @Override
    protected boolean wholeWithoutEnd(Answer answer) {
        return answer.stopReason != null;
    }

    @Override
    protected List<ChatEvent> accept(OpenAiWire.ChatCompletionChunk chunk, Answer answer) {
        if (chunk.error() != null) {
            throw ProviderErrors.fromStreamError(chunk.error(), answer.requestId());
        }
        answer.model = chunk.model() != null ? chunk.model() : answer.model;
        answer.usage = usage(chunk.usage(), answer.usage);
        if (chunk.choices() == null || chunk.choices().isEmpty()) {
            return List.of();
        }
        OpenAiWire.ChunkChoice first = chunk.choices().get(0);
        if (first.finishReason() != null) {
            answer.stopReason = first.finishReason();
        }
        return first.delta() == null ? List.of() : answer.text(first.delta().content());
    }

    OpenAiWire.ChatCompletionRequest body(ChatRequest request, String model, boolean stream) {
        List<OpenAiWire.Message> messages = new ArrayList<>();
        if (request.system() != null && !request.system().isBlank()) {
            messages.add(new OpenAiWire.Message("system", request.system()));
        }
        request.messages()
                .forEach(m ->
                        messages.add(new OpenAiWire.Message(m.role().name().toLowerCase(Locale.ROOT), m.content())));
        Integer limit = request.maxTokens() != null
                ? request.maxTokens()
                : settings.maxTokensDefault() > 0 ? Integer.valueOf(settings.maxTokensDefault()) : null;
        boolean completionTokens = settings.maxCompletionTokens();
        return new OpenAiWire.ChatCompletionRequest(
                model,
                messages,
                completionTokens ? null : limit,
                completionTokens ? limit : null,
                request.temperature(),
                stream ? Boolean.TRUE : null,
                stream ? new OpenAiWire.StreamOptions(true) : null);
    }

    private static TokenUsage usage(OpenAiWire.Usage usage, TokenUsage before) {
        if (usage == null) {
            return before;
        }
        return new TokenUsage(
                usage.promptTokens() == null ? before.inputTokens() : usage.promptTokens(),
                usage.completionTokens() == null ? before.outputTokens() : usage.completionTokens());
    }
}
