package io.agentruntime.task.run;

import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TasksConfig;
import io.agentruntime.task.store.TaskStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Replays a task's stored events and follows new ones by polling task_events, so that a client
 * reconnecting to any replica resumes where it left off, whichever replica runs the task. Each
 * follower is one virtual thread that sleeps between polls.
 */
@ApplicationScoped
class TaskEventFollower {

    private static final int BATCH = 500;

    private final TaskStore store;
    private final TaskExecutor executor;
    private final TasksConfig config;

    TaskEventFollower(TaskStore store, TaskExecutor executor, TasksConfig config) {
        this.store = store;
        this.executor = executor;
        this.config = config;
    }

    /** Events after {@code afterSeq}, ending with the task's last event ({@code done} or {@code error}). */
    Multi<TaskEvent> follow(UUID taskId, long afterSeq) {
        return Multi.createFrom()
                .emitter(
                        emitter -> executor.virtualThreads().execute(() -> {
                            try {
                                poll(taskId, afterSeq, emitter);
                            } catch (RuntimeException e) {
                                emitter.fail(e);
                            }
                        }),
                        BackPressureStrategy.BUFFER);
    }

    private void poll(UUID taskId, long afterSeq, MultiEmitter<? super TaskEvent> emitter) {
        long last = afterSeq;
        while (!emitter.isCancelled()) {
            List<TaskEvent> events = store.eventsAfter(taskId, last, BATCH);
            for (TaskEvent e : events) {
                emitter.emit(e);
                last = e.seq();
                if (e.last()) {
                    emitter.complete();
                    return;
                }
            }
            if (events.size() == BATCH) {
                continue;
            }
            if (events.isEmpty()) {
                Optional<TaskStatus> status = store.status(taskId);
                // The last event is committed with the final status; a terminal task without one
                // (or a deleted task) has nothing more to say.
                if (status.isEmpty()
                        || status.get().terminal()
                                && store.eventsAfter(taskId, last, 1).isEmpty()) {
                    emitter.complete();
                    return;
                }
            }
            TaskExecutor.sleep(config.stream().pollInterval());
        }
    }
}
