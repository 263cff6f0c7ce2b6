package io.agentruntime.task.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.task.TaskEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.Test;

/** The SSE framing: ids, kinds, JSON data, and keep-alive comments only while the stream is idle. */
class TaskSseTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void framesEventsAndKeepsIdleStreamsAlive() {
        Multi<TaskEvent> first = Multi.createFrom()
                .item(new TaskEvent(1, TaskEvent.Kind.TASK, Map.of("status", "running"), Instant.now()));
        Multi<TaskEvent> later = Uni.createFrom()
                .item(new TaskEvent(2, TaskEvent.Kind.DELTA, Map.of("text", "Hi"), Instant.now()))
                .onItem()
                .delayIt()
                .by(Duration.ofMillis(550))
                .toMulti();
        Multi<TaskEvent> events = Multi.createBy().concatenating().streams(first, later);

        long started = System.nanoTime();
        List<OutboundSseEvent> out = TaskSse.frame(events, SseImpl.INSTANCE, Duration.ofMillis(100), json)
                .collect()
                .asList()
                .await()
                .atMost(Duration.ofSeconds(5));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(out.get(0).getId()).isEqualTo("1");
        assertThat(out.get(0).getName()).isEqualTo("task");
        assertThat(out.get(0).getData()).isEqualTo("{\"status\":\"running\"}");
        OutboundSseEvent last = out.get(out.size() - 1);
        assertThat(last.getId()).isEqualTo("2");
        assertThat(last.getName()).isEqualTo("delta");
        assertThat(last.getData()).isEqualTo("{\"text\":\"Hi\"}");
        // About five idle intervals passed between the two events: one comment per interval that
        // really elapsed (a loaded machine stretches the delay), without id or data.
        List<OutboundSseEvent> comments = out.subList(1, out.size() - 1);
        assertThat(comments).hasSizeBetween(3, (int) (millis / 100) + 1).allSatisfy(c -> {
            assertThat(c.getComment()).isEqualTo("keepalive");
            assertThat(c.getId()).isNull();
            assertThat(c.getData()).isNull();
        });
        // The stream ends with its events, not at the next tick.
        assertThat(millis).isLessThan(2_000);
    }

    @Test
    void aBusyStreamNeedsNoKeepalive() {
        Multi<TaskEvent> events = Multi.createFrom()
                .ticks()
                .every(Duration.ofMillis(40))
                .select()
                .first(12)
                .map(i -> new TaskEvent(i + 1, TaskEvent.Kind.DELTA, Map.of("text", "t" + i), Instant.now()));
        List<OutboundSseEvent> out = TaskSse.frame(events, SseImpl.INSTANCE, Duration.ofMillis(400), json)
                .collect()
                .asList()
                .await()
                .atMost(Duration.ofSeconds(5));
        assertThat(out).hasSize(12).allSatisfy(e -> assertThat(e.getComment()).isNull());
    }

    @Test
    void endsRightAfterTheLastEvent() {
        List<OutboundSseEvent> out = TaskSse.frame(
                        Multi.createFrom()
                                .item(new TaskEvent(
                                        7, TaskEvent.Kind.DONE, Map.of("status", "completed"), Instant.now())),
                        SseImpl.INSTANCE,
                        Duration.ofSeconds(15),
                        json)
                .collect()
                .asList()
                .await()
                .atMost(Duration.ofSeconds(1));
        assertThat(out).extracting(OutboundSseEvent::getName).containsExactly("done");
    }
}
