package io.agentruntime.provider.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.provider.ChatEvent;
import io.agentruntime.provider.ChatRequest;
import io.agentruntime.provider.ChatResult;
import io.agentruntime.provider.TokenUsage;
import io.smallrye.mutiny.Multi;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What both protocols share: reading a server-sent event stream into deltas and one Done. A protocol
 * says how to open the stream, which event ends it, and what each event means.
 *
 * @param <E> the record one event's data is read into
 */
public abstract class StreamingChatClient<E> implements ChatClient {

    protected final ProviderSettings settings;
    private final ObjectMapper json;
    private final Class<E> eventType;
    private final Apis<?> apis;

    protected StreamingChatClient(ProviderSettings settings, Apis<?> apis, ObjectMapper json, Class<E> eventType) {
        this.settings = settings;
        this.apis = apis;
        this.json = json;
        this.eventType = eventType;
    }

    /** Sends the streaming request; {@code call} learns the provider's request id. */
    protected abstract Multi<ServerSentEvent> open(EventStreams.Call call, ChatRequest request, String model);

    /** The event that ends the answer: the Done goes out there, whatever the server sends after it. */
    protected abstract boolean isEnd(ServerSentEvent event);

    /** Takes one event into the answer; returns the deltas it carries; throws for an error event. */
    protected abstract List<ChatEvent> accept(E event, Answer answer);

    /** Whether a stream that closed without its end event still holds a whole answer. */
    protected boolean wholeWithoutEnd(Answer answer) {
        return false;
    }

    /**
     * An answer of this provider; the model it names wins over the one asked for. providerMillis is set
     * by the gateway, which times the whole call.
     */
    protected final ChatResult result(
            String text,
            String answeredModel,
            String askedModel,
            String stopReason,
            TokenUsage usage,
            String requestId) {
        return new ChatResult(
                text,
                settings.name(),
                answeredModel != null ? answeredModel : askedModel,
                stopReason,
                usage,
                requestId,
                0);
    }

    @Override
    public final Multi<ChatEvent> stream(ChatRequest request, String model) {
        return Multi.createFrom().deferred(() -> {
            EventStreams.Call call = new EventStreams.Call();
            Answer answer = new Answer(model, call);
            Multi<ChatEvent> events = open(call, request, model)
                    .ifNoItem()
                    .after(WireFailures.streamSilenceLimit(settings))
                    .failWith(WireFailures::timeout)
                    .select()
                    .where(event -> event.data() != null && !event.data().isBlank())
                    .onItem()
                    .transformToIterable(event -> read(event, answer))
                    .onCompletion()
                    .switchTo(() -> {
                        if (answer.ended) {
                            return Multi.createFrom().empty();
                        }
                        return wholeWithoutEnd(answer)
                                ? Multi.createFrom().item(new ChatEvent.Done(answer.result()))
                                : Multi.createFrom().failure(WireFailures.cutShort(call.requestId()));
                    })
                    // A connection lost once the answer began is no stale connection: the request was seen.
                    .onFailure(failure -> call.responded())
                    .transform(ProviderErrors::afterResponse);
            return EndOfAnswer.drained(events, () -> answer.ended);
        });
    }

    /** The Done at the end marker; anything a server sends after it is ignored. */
    private List<ChatEvent> read(ServerSentEvent event, Answer answer) {
        if (answer.ended) {
            return List.of();
        }
        if (isEnd(event)) {
            answer.ended = true;
            return List.of(new ChatEvent.Done(answer.result()));
        }
        return accept(parse(event.data()), answer);
    }

    private E parse(String data) {
        try {
            return json.readValue(data, eventType);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (apis != null) {
            apis.close();
        }
    }

    /** What one stream has said so far. */
    public final class Answer {

        private final StringBuilder text = new StringBuilder();
        private final EventStreams.Call call;
        public String model;
        public String stopReason;
        public TokenUsage usage = TokenUsage.NONE;
        private boolean ended;

        private Answer(String model, EventStreams.Call call) {
            this.model = model;
            this.call = call;
        }

        /** The provider's request id, once the response headers arrived. */
        public String requestId() {
            return call.requestId();
        }

        public List<ChatEvent> text(String piece) {
            if (piece == null || piece.isEmpty()) {
                return List.of();
            }
            text.append(piece);
            return List.of(new ChatEvent.Delta(piece));
        }

        private ChatResult result() {
            return StreamingChatClient.this.result(text.toString(), model, model, stopReason, usage, call.requestId());
        }
    }
}
