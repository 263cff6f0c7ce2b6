package io.agentruntime.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.client.SseEvent;

/** Speaks OpenAI-compatible Chat Completions for one named provider. */
final class OpenAiChatClient implements ChatClient {

    private static final String DONE_MARKER = "[DONE]";

    private final ProviderSettings settings;
    private final OpenAiApi api;
    private final ProviderHttpFilter filter;
    private final ObjectMapper json;

    OpenAiChatClient(ProviderSettings settings, OpenAiApi api, ProviderHttpFilter filter, ObjectMapper json) {
        this.settings = settings;
        this.api = api;
        this.filter = filter;
        this.json = json;
    }

    @Override
    public Uni<ChatResult> complete(ChatRequest request, String model) {
        return api.create(body(request, model, false)).map(response -> {
            OpenAiWire.ChatCompletion c = response.getEntity();
            String requestId = response.getHeaderString(OpenAiApi.REQUEST_ID_HEADER);
            if (c == null || c.choices() == null || c.choices().isEmpty() || c.choices().get(0).message() == null) {
                throw WireFailures.unreadable(requestId);
            }
            OpenAiWire.Choice first = c.choices().get(0);
            String text = first.message().content() == null ? "" : first.message().content();
            return new ChatResult(text, settings.name(), c.model() != null ? c.model() : model, first.finishReason(),
                    usage(c.usage(), TokenUsage.NONE), requestId, 0);
        });
    }

    @Override
    public Multi<ChatEvent> stream(ChatRequest request, String model) {
        return Multi.createFrom().deferred(() -> {
            ProviderHttpFilter.Call call = filter.open();
            Accumulator answer = new Accumulator(model, call);
            return api.stream(call.id(), body(request, model, true))
                    .ifNoItem().after(WireFailures.streamSilenceLimit(settings)).failWith(WireFailures::timeout)
                    .select().where(e -> e.data() != null && !e.data().isBlank())
                    .select().first(answer::beforeDone)
                    .map(this::parse)
                    .onItem().transformToIterable(answer::accept)
                    .onCompletion().switchTo(answer::finish)
                    .onTermination().invoke(call::close);
        });
    }

    private OpenAiWire.ChatCompletionChunk parse(SseEvent<String> event) {
        try {
            return json.readValue(event.data(), OpenAiWire.ChatCompletionChunk.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    OpenAiWire.ChatCompletionRequest body(ChatRequest request, String model, boolean stream) {
        List<OpenAiWire.Message> messages = new ArrayList<>();
        if (request.system() != null && !request.system().isBlank()) {
            messages.add(new OpenAiWire.Message("system", request.system()));
        }
        request.messages().forEach(
                m -> messages.add(new OpenAiWire.Message(m.role().name().toLowerCase(Locale.ROOT), m.content())));
        Integer limit = request.maxTokens() != null ? request.maxTokens()
                : settings.maxTokensDefault() > 0 ? Integer.valueOf(settings.maxTokensDefault()) : null;
        boolean completionTokens = settings.maxCompletionTokens();
        return new OpenAiWire.ChatCompletionRequest(model, messages, completionTokens ? null : limit,
                completionTokens ? limit : null, request.temperature(), stream ? Boolean.TRUE : null,
                stream ? new OpenAiWire.StreamOptions(true) : null);
    }

    private static TokenUsage usage(OpenAiWire.Usage usage, TokenUsage before) {
        if (usage == null) {
            return before;
        }
        return new TokenUsage(usage.promptTokens() == null ? before.inputTokens() : usage.promptTokens(),
                usage.completionTokens() == null ? before.outputTokens() : usage.completionTokens());
    }

    @Override
    public void close() {
        if (api instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing at shutdown: nothing to do about it
            }
        }
    }

    /** What one stream has said so far. */
    private final class Accumulator {

        private final StringBuilder text = new StringBuilder();
        private final ProviderHttpFilter.Call call;
        private String model;
        private String finishReason;
        private TokenUsage usage = TokenUsage.NONE;
        private boolean done;

        Accumulator(String model, ProviderHttpFilter.Call call) {
            this.model = model;
            this.call = call;
        }

        /** {@code data: [DONE]} ends the answer: stop reading even if the server keeps the stream open. */
        boolean beforeDone(SseEvent<String> event) {
            done = DONE_MARKER.equals(event.data().strip());
            return !done;
        }

        List<ChatEvent> accept(OpenAiWire.ChatCompletionChunk chunk) {
            if (chunk.error() != null) {
                throw ProviderErrors.fromStreamError(chunk.error(), call.requestId());
            }
            model = chunk.model() != null ? chunk.model() : model;
            usage = usage(chunk.usage(), usage);
            if (chunk.choices() == null || chunk.choices().isEmpty()) {
                return List.of();
            }
            OpenAiWire.ChunkChoice first = chunk.choices().get(0);
            if (first.finishReason() != null) {
                finishReason = first.finishReason();
            }
            if (first.delta() != null && first.delta().content() != null && !first.delta().content().isEmpty()) {
                text.append(first.delta().content());
                return List.of(new ChatEvent.Delta(first.delta().content()));
            }
            return List.of();
        }

        /** Without [DONE], a finish reason still says the answer is whole (some servers omit the marker). */
        Multi<ChatEvent> finish() {
            if (!done && finishReason == null) {
                return Multi.createFrom().failure(WireFailures.cutShort(call.requestId()));
            }
            return Multi.createFrom().item(new ChatEvent.Done(new ChatResult(text.toString(), settings.name(), model,
                    finishReason, usage, call.requestId(), 0)));
        }
    }
}
