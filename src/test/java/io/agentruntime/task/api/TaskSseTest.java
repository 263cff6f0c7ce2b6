package io.agentruntime.task.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.task.TaskEvent;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.Test;

/**
 * The SSE framing: ids, kinds, JSON data, and keep-alive comments only while the stream is idle. The
 * idle checks and the clock are driven by the test, so nothing depends on this machine's timing.
 */
class TaskSseTest {

    private static final Duration KEEPALIVE = Duration.ofMillis(100);

    private final ObjectMapper json = new ObjectMapper();
    private final UnicastProcessor<TaskEvent> events = UnicastProcessor.create();
    private final UnicastProcessor<Long> checks = UnicastProcessor.create();
    private final AtomicLong clock = new AtomicLong();

    private AssertSubscriber<OutboundSseEvent> framed(Duration keepalive) {
        return TaskSse.frame(events, SseImpl.INSTANCE, keepalive, json, checks, clock::get)
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    private void idle(Duration d) {
        clock.addAndGet(d.toNanos());
        checks.onNext(0L);
    }

    @Test
    void framesEventsAndKeepsIdleStreamsAlive() {
        AssertSubscriber<OutboundSseEvent> out = framed(KEEPALIVE);

        events.onNext(new TaskEvent(1, TaskEvent.Kind.TASK, Map.of("status", "running"), Instant.now()));
        idle(Duration.ofMillis(60));
        assertThat(out.getItems()).as("idle for less than the interval").hasSize(1);
        idle(Duration.ofMillis(60));
        idle(Duration.ZERO);
        idle(Duration.ofMillis(100));
        events.onNext(new TaskEvent(2, TaskEvent.Kind.DELTA, Map.of("text", "Hi"), Instant.now()));
        events.onComplete();

        // The stream ends with its events, not at the next look.
        out.assertCompleted();
        List<OutboundSseEvent> items = out.getItems();
        assertThat(items).hasSize(4);
        assertThat(items.get(0).getId()).isEqualTo("1");
        assertThat(items.get(0).getName()).isEqualTo("task");
        assertThat(items.get(0).getData()).isEqualTo("{\"status\":\"running\"}");
        // One comment per interval of silence (a comment counts as something sent), without id or data.
        assertThat(items.subList(1, 3)).allSatisfy(c -> {
            assertThat(c.getComment()).isEqualTo("keepalive");
            assertThat(c.getId()).isNull();
            assertThat(c.getData()).isNull();
        });
        assertThat(items.get(3).getId()).isEqualTo("2");
        assertThat(items.get(3).getName()).isEqualTo("delta");
        assertThat(items.get(3).getData()).isEqualTo("{\"text\":\"Hi\"}");
    }

    @Test
    void aBusyStreamNeedsNoKeepalive() {
        AssertSubscriber<OutboundSseEvent> out = framed(KEEPALIVE);
        for (int i = 1; i <= 12; i++) {
            idle(Duration.ofMillis(40));
            idle(Duration.ofMillis(40));
            events.onNext(new TaskEvent(i, TaskEvent.Kind.DELTA, Map.of("text", "t" + i), Instant.now()));
        }
        events.onComplete();

        out.assertCompleted();
        assertThat(out.getItems())
                .hasSize(12)
                .allSatisfy(e -> assertThat(e.getComment()).isNull());
    }

    @Test
    void endsRightAfterTheLastEventWithoutWaitingForALook() {
        AssertSubscriber<OutboundSseEvent> out = framed(Duration.ofSeconds(15));

        events.onNext(new TaskEvent(7, TaskEvent.Kind.DONE, Map.of("status", "completed"), Instant.now()));
        events.onComplete();

        out.assertCompleted();
        assertThat(out.getItems()).extracting(OutboundSseEvent::getName).containsExactly("done");
    }

    @Test
    void theRealTimerSendsKeepalivesUntilTheStreamEnds() {
        List<OutboundSseEvent> received = new CopyOnWriteArrayList<>();
        AssertSubscriber<OutboundSseEvent> out = TaskSse.frame(events, SseImpl.INSTANCE, KEEPALIVE, json)
                .invoke(received::add)
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        await().until(() ->
                received.stream().filter(e -> e.getComment() != null).count() >= 2);
        events.onNext(new TaskEvent(1, TaskEvent.Kind.DONE, Map.of("status", "completed"), Instant.now()));
        events.onComplete();

        out.awaitCompletion();
        assertThat(out.getItems().getLast().getName()).isEqualTo("done");
    }
}
