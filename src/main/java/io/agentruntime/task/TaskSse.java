package io.agentruntime.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;

/**
 * Frames task events as Server-Sent Events: {@code id:} the sequence number, {@code event:} the
 * kind, JSON {@code data:}; a {@code : keepalive} comment whenever the stream has been idle for the
 * keep-alive interval, so that proxies and load balancers do not cut it.
 */
final class TaskSse {

    private static final Object END = new Object();
    private static final Object KEEPALIVE = new Object();

    private TaskSse() {
    }

    static Multi<OutboundSseEvent> frame(Multi<TaskEvent> events, Sse sse, Duration keepalive, ObjectMapper json) {
        Multi<Object> items = events.map(e -> (Object) e).onCompletion().continueWith(END);
        Multi<Object> ticks = Multi.createFrom().ticks().every(keepalive).map(t -> KEEPALIVE);
        // The ticks never end: the stream ends at the END marker, which cancels them.
        return Multi.createBy().merging().streams(items, ticks)
                .select().first(item -> item != END)
                .map(item -> item == KEEPALIVE
                        ? sse.newEventBuilder().comment("keepalive").build()
                        : event((TaskEvent) item, sse, json));
    }

    private static OutboundSseEvent event(TaskEvent event, Sse sse, ObjectMapper json) {
        try {
            return sse.newEventBuilder()
                    .id(Long.toString(event.seq()))
                    .name(event.kind().wireName())
                    .data(String.class, json.writeValueAsString(event.data()))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write event " + event.seq(), e);
        }
    }
}
