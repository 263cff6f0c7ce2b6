package io.agentruntime.task.run;

import io.agentruntime.common.Cursors;
import io.agentruntime.common.Page;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.common.problem.ProblemType;
import io.agentruntime.task.TaskCommand;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskMode;
import io.agentruntime.task.TaskService;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskTicket;
import io.agentruntime.task.TaskView;
import io.agentruntime.task.TasksConfig;
import io.agentruntime.task.store.TaskEntity;
import io.agentruntime.task.store.TaskStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The task service on this replica: admission, the executor and the stored tasks behind {@link
 * TaskService}. The blocking methods wait on the calling thread.
 */
@ApplicationScoped
class TaskEngine implements TaskService {

    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    private final TaskAdmission admission;
    private final TaskExecutor executor;
    private final TaskEventFollower follower;
    private final TaskTransitions transitions;
    private final TaskStore store;
    private final TaskJson json;
    private final TasksConfig config;

    TaskEngine(
            TaskAdmission admission,
            TaskExecutor executor,
            TaskEventFollower follower,
            TaskTransitions transitions,
            TaskStore store,
            TaskJson json,
            TasksConfig config) {
        this.admission = admission;
        this.executor = executor;
        this.follower = follower;
        this.transitions = transitions;
        this.store = store;
        this.json = json;
        this.config = config;
    }

    @Override
    public TaskView run(TaskCommand command) {
        return await(admit(command, TaskMode.BLOCKING));
    }

    @Override
    public TaskView submit(TaskCommand command) {
        return admit(command, TaskMode.BACKGROUND).view();
    }

    @Override
    public TaskView get(UUID id) {
        return store.find(id).map(json::view).orElseThrow(() -> notFound(id));
    }

    @Override
    public Page<TaskView> list(UUID sessionId, String agent, TaskStatus status, String cursor, int limit) {
        UUID before = cursor == null ? null : position(cursor);
        List<TaskView> rows = store.list(sessionId, agent, status, before, limit + 1).stream()
                .map(json::view)
                .toList();
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<TaskView> page = rows.subList(0, limit);
        return new Page<>(page, Cursors.encode("t:" + page.get(limit - 1).id()));
    }

    @Override
    public long count(UUID sessionId, String agent, TaskStatus status) {
        return store.count(sessionId, agent, status);
    }

    @Override
    public TaskView cancel(UUID id) {
        TaskView ended = QuarkusTransaction.requiringNew().call(() -> {
            TaskEntity t = store.findForUpdate(id).orElseThrow(() -> notFound(id));
            TaskStatus status = t.status();
            if (status.terminal()) {
                throw new ProblemException(
                        ProblemType.CONFLICT,
                        "Task " + id + " has already "
                                + switch (status) {
                                    case COMPLETED -> "completed";
                                    case FAILED -> "failed";
                                    default -> "been canceled";
                                }
                                + "; only a queued or running task can be canceled");
            }
            if (status == TaskStatus.QUEUED) {
                return transitions.end(t, TaskStatus.CANCELED, null);
            }
            t.cancelRequested = true;
            return null;
        });
        if (ended != null) {
            return ended;
        }
        executor.running(id).ifPresent(TaskExecution::cancel);
        Instant deadline = Instant.now().plus(CANCEL_WAIT.plus(config.worker().cancelCheckInterval()));
        while (Instant.now().isBefore(deadline)) {
            Optional<TaskExecution> local = executor.running(id);
            if (local.isPresent()) {
                try {
                    return local.get()
                            .result()
                            .get(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            TaskView view = get(id);
            if (view.status().terminal()) {
                return view;
            }
            TaskExecutor.sleep(Duration.ofMillis(100));
        }
        return get(id);
    }

    @Override
    public Multi<TaskEvent> events(UUID id, long afterSeq) {
        if (store.status(id).isEmpty()) {
            throw notFound(id);
        }
        return events(id, executor.running(id), afterSeq);
    }

    /** From memory when this replica runs the task and still holds every event asked for, else from the database. */
    private Multi<TaskEvent> events(UUID id, Optional<TaskExecution> local, long afterSeq) {
        if (local.isPresent() && local.get().firstSeq() <= afterSeq + 1) {
            return local.get().events(afterSeq);
        }
        return follower.follow(id, afterSeq);
    }

    @Override
    public TaskTicket admit(TaskCommand command, TaskMode mode) {
        return admission.admit(command, mode);
    }

    @Override
    public Multi<TaskEvent> events(TaskTicket admitted) {
        UUID id = admitted.view().id();
        return events(id, executor.running(id), 0);
    }

    @Override
    public TaskView await(TaskTicket admitted) {
        if (admitted.replayed()) {
            return admitted.view();
        }
        UUID id = admitted.view().id();
        while (true) {
            Optional<TaskExecution> local = executor.running(id);
            if (local.isPresent()) {
                try {
                    return local.get().result().join();
                } catch (CompletionException e) {
                    if (!(e.getCause() instanceof TaskExecution.TaskAbandoned)) {
                        throw e;
                    }
                    // Handed to another replica: wait for it there.
                }
            }
            TaskView view = get(id);
            if (view.status().terminal()) {
                return view;
            }
            TaskExecutor.sleep(config.stream().pollInterval());
        }
    }

    private static UUID position(String cursor) {
        String p = Cursors.decode(cursor);
        if (!p.startsWith("t:")) {
            throw ProblemException.badField("cursor", "is not a cursor this API issued");
        }
        try {
            return UUID.fromString(p.substring(2));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("cursor", "is not a cursor this API issued");
        }
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No task with id " + id);
    }
}
