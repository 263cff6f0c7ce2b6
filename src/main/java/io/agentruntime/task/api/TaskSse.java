package io.agentruntime.task.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.task.TaskEvent;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Frames task events as Server-Sent Events: {@code id:} the sequence number, {@code event:} the
 * kind, JSON {@code data:}; a {@code : keepalive} comment once the stream has been idle for the
 * keep-alive interval, so that proxies and load balancers do not cut it.
 */
final class TaskSse {

    private static final Object END = new Object();
    private static final Object KEEPALIVE = new Object();

    private TaskSse() {}

    static Multi<OutboundSseEvent> frame(Multi<TaskEvent> events, Sse sse, Duration keepalive, ObjectMapper json) {
        // Looks five times per interval, so that an idle stream hears from us within 1.2 intervals.
        Duration check = Duration.ofNanos(
                Math.max(keepalive.toNanos() / 5, Duration.ofMillis(20).toNanos()));
        return frame(events, sse, keepalive, json, Multi.createFrom().ticks().every(check), System::nanoTime);
    }

    /**
     * The framing with its idle checks and its clock given, so that a test can drive both.
     *
     * @param checks   each item is a look at whether the stream has been idle for {@code keepalive}
     * @param nanoTime the clock those looks read
     */
    static Multi<OutboundSseEvent> frame(
            Multi<TaskEvent> events,
            Sse sse,
            Duration keepalive,
            ObjectMapper json,
            Multi<?> checks,
            LongSupplier nanoTime) {
        long idleNanos = keepalive.toNanos();
        AtomicLong lastSent = new AtomicLong(nanoTime.getAsLong());
        Multi<Object> items = events.map(e -> (Object) e).onCompletion().continueWith(END);
        Multi<Object> keepalives = checks.select()
                .where(t -> nanoTime.getAsLong() - lastSent.get() >= idleNanos)
                .map(t -> KEEPALIVE);
        // The ticks never end: the stream ends at the END marker, which cancels them.
        return Multi.createBy()
                .merging()
                .streams(items, keepalives)
                .select()
                .first(item -> item != END)
                .onItem()
                .invoke(item -> lastSent.set(nanoTime.getAsLong()))
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
