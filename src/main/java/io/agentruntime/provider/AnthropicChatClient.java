package io.agentruntime.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.client.SseEvent;

/** Speaks the Anthropic Messages API for one named provider. */
final class AnthropicChatClient implements ChatClient {

    static final String VERSION = "2023-06-01";

    private final ProviderSettings settings;
    private final AnthropicApi api;
    private final ProviderHttpFilter filter;
    private final ObjectMapper json;

    AnthropicChatClient(ProviderSettings settings, AnthropicApi api, ProviderHttpFilter filter, ObjectMapper json) {
        this.settings = settings;
        this.api = api;
        this.filter = filter;
        this.json = json;
    }

    @Override
    public Uni<ChatResult> complete(ChatRequest request, String model) {
        return api.create(body(request, model, false)).map(response -> {
            AnthropicWire.MessagesResponse m = response.getEntity();
            if (m == null) {
                throw WireFailures.unreadable(response.getHeaderString(AnthropicApi.REQUEST_ID_HEADER));
            }
            return new ChatResult(m.text(), settings.name(), m.model() != null ? m.model() : model, m.stopReason(),
                    usage(m.usage(), null), response.getHeaderString(AnthropicApi.REQUEST_ID_HEADER), 0);
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
                    .map(this::parse)
                    .select().first(answer::beforeStop)
                    .onItem().transformToIterable(answer::accept)
                    .onCompletion().switchTo(answer::finish)
                    .onTermination().invoke(call::close);
        });
    }

    private AnthropicWire.StreamEvent parse(SseEvent<String> event) {
        try {
            return json.readValue(event.data(), AnthropicWire.StreamEvent.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    AnthropicWire.MessagesRequest body(ChatRequest request, String model, boolean stream) {
        int maxTokens = request.maxTokens() != null ? request.maxTokens()
                : settings.maxTokensDefault() > 0 ? settings.maxTokensDefault() : ProviderSettings.ANTHROPIC_MAX_TOKENS;
        List<AnthropicWire.Message> messages = request.messages().stream()
                .map(m -> new AnthropicWire.Message(m.role().name().toLowerCase(Locale.ROOT), m.content()))
                .toList();
        String system = request.system() == null || request.system().isBlank() ? null : request.system();
        return new AnthropicWire.MessagesRequest(model, maxTokens, system, messages, request.temperature(),
                stream ? Boolean.TRUE : null);
    }

    private static TokenUsage usage(AnthropicWire.Usage usage, TokenUsage before) {
        long in = before == null ? 0 : before.inputTokens();
        long out = before == null ? 0 : before.outputTokens();
        if (usage != null) {
            in = usage.inputTokens() != null && usage.inputTokens() > 0 ? usage.inputTokens() : in;
            out = usage.outputTokens() != null ? usage.outputTokens() : out;
        }
        return new TokenUsage(in, out);
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
        private String stopReason;
        private TokenUsage usage = TokenUsage.NONE;
        private boolean stopped;

        Accumulator(String model, ProviderHttpFilter.Call call) {
            this.model = model;
            this.call = call;
        }

        /** message_stop ends the answer: stop reading, the connection is not needed any more. */
        boolean beforeStop(AnthropicWire.StreamEvent event) {
            stopped = "message_stop".equals(event.type());
            return !stopped;
        }

        List<ChatEvent> accept(AnthropicWire.StreamEvent event) {
            switch (event.type() == null ? "" : event.type()) {
                case "message_start" -> {
                    if (event.message() != null) {
                        model = event.message().model() != null ? event.message().model() : model;
                        usage = usage(event.message().usage(), usage);
                    }
                }
                case "content_block_delta" -> {
                    AnthropicWire.Delta delta = event.delta();
                    if (delta != null && "text_delta".equals(delta.type()) && delta.text() != null
                            && !delta.text().isEmpty()) {
                        text.append(delta.text());
                        return List.of(new ChatEvent.Delta(delta.text()));
                    }
                }
                case "message_delta" -> {
                    if (event.delta() != null && event.delta().stopReason() != null) {
                        stopReason = event.delta().stopReason();
                    }
                    usage = usage(event.usage(), usage);
                }
                case "error" -> throw ProviderErrors.fromStreamError(
                        event.error() != null ? event.error() : ProviderErrors.ErrorInfo.NONE, call.requestId());
                default -> {
                    // ping, content_block_start/stop and event types added later carry no text
                }
            }
            return List.of();
        }

        Multi<ChatEvent> finish() {
            if (!stopped) {
                return Multi.createFrom().failure(WireFailures.cutShort(call.requestId()));
            }
            return Multi.createFrom().item(new ChatEvent.Done(new ChatResult(text.toString(), settings.name(), model,
                    stopReason, usage, call.requestId(), 0)));
        }
    }
}
