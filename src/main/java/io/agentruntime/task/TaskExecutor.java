package io.agentruntime.task;

import io.agentruntime.common.DatabaseOutage;
import io.agentruntime.provider.ChatEvent;
import io.agentruntime.provider.ChatRequest;
import io.agentruntime.provider.ChatResult;
import io.agentruntime.provider.ModelGateway;
import io.agentruntime.session.NewMessage;
import io.agentruntime.session.SessionService;
import io.agentruntime.task.store.TaskEntity;
import io.agentruntime.task.store.TaskStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs tasks on this replica: starts the provider call, writes streamed text in batches, commits
 * the outcome, renews the leases of its tasks and notices cancels asked for on other replicas.
 * Database work runs on virtual threads; a task waiting on its provider holds no thread at all.
 */
@ApplicationScoped
class TaskExecutor {

    private static final Logger LOG = Logger.getLogger(TaskExecutor.class);

    /** Everything needed to start a task that is already marked running in the database. */
    record StartPlan(
            UUID taskId,
            UUID sessionId,
            ChatRequest request,
            boolean streaming,
            long nextSeq,
            List<TaskEvent> initialEvents) {}

    private final ModelGateway gateway;
    private final SessionService sessions;
    private final TaskStore store;
    private final TaskJson json;
    private final TaskTransitions transitions;
    private final Event<TaskEnded> ended;
    private final TasksConfig config;
    private final String replica;
    private final Map<UUID, TaskExecution> local = new ConcurrentHashMap<>();
    private final ExecutorService virtualThreads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("task-", 0).factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "task-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<Consumer<UUID>> endListeners = new ArrayList<>();

    TaskExecutor(
            ModelGateway gateway,
            SessionService sessions,
            TaskStore store,
            TaskJson json,
            TaskTransitions transitions,
            Event<TaskEnded> ended,
            TasksConfig config,
            ReplicaId replica) {
        this.gateway = gateway;
        this.sessions = sessions;
        this.store = store;
        this.json = json;
        this.transitions = transitions;
        this.ended = ended;
        this.config = config;
        this.replica = replica.value();
    }

    void onStart(@Observes StartupEvent event) {
        long renewEvery = Math.max(100, config.worker().lease().toMillis() / 3);
        every(renewEvery, this::renewLeases);
        every(config.worker().cancelCheckInterval().toMillis(), this::checkCancels);
    }

    /** Runs {@code work} on a virtual thread every {@code millis}; a run still going skips the next one. */
    void every(long millis, Runnable work) {
        AtomicBoolean busy = new AtomicBoolean();
        timer.scheduleWithFixedDelay(
                () -> {
                    if (!busy.compareAndSet(false, true)) {
                        return;
                    }
                    virtualThreads.execute(() -> {
                        try {
                            work.run();
                        } catch (RuntimeException e) {
                            if (!DatabaseOutage.noticed(e)) {
                                LOG.warn("Periodic task work failed; it is retried", e);
                            }
                        } finally {
                            busy.set(false);
                        }
                    });
                },
                millis,
                millis,
                TimeUnit.MILLISECONDS);
    }

    String replica() {
        return replica;
    }

    ExecutorService virtualThreads() {
        return virtualThreads;
    }

    Instant leaseUntil() {
        return Instant.now().plus(config.worker().lease());
    }

    /** Called with a task's id whenever a task of this replica ends (its session may have a next one). */
    void onTaskEnded(Consumer<UUID> listener) {
        endListeners.add(listener);
    }

    TaskExecution start(StartPlan plan) {
        TaskExecution execution = new TaskExecution(
                plan.taskId(), plan.sessionId(), plan.nextSeq(), plan.initialEvents(), this, virtualThreads);
        local.put(plan.taskId(), execution);
        LOG.debugf(
                "Task %s: calling %s/%s (%s)",
                plan.taskId(),
                plan.request().model().provider(),
                plan.request().model().model(),
                plan.streaming() ? "streaming" : "blocking");
        // Deferred: a gateway that throws instead of failing its Uni/Multi still ends the task.
        Multi<ChatEvent> source = Multi.createFrom()
                .deferred(() -> plan.streaming()
                        ? gateway.stream(plan.request())
                        : gateway.complete(plan.request())
                                .onItem()
                                .transform(r -> (ChatEvent) new ChatEvent.Done(r))
                                .toMulti());
        execution.start(source);
        return execution;
    }

    Optional<TaskExecution> running(UUID taskId) {
        return Optional.ofNullable(local.get(taskId));
    }

    int runningCount() {
        return local.size();
    }

    int maxAnswerChars() {
        return config.maxAnswerChars();
    }

    void scheduleFlush(TaskExecution execution) {
        timer.schedule(execution::flush, config.stream().flushInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes a batch of streamed events, renewing the lease; false when the lease is no longer ours. */
    boolean saveChunk(TaskExecution execution, List<TaskEvent> batch) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!store.renewLease(execution.taskId, replica, leaseUntil())) {
                return false;
            }
            store.insertEvents(execution.taskId, batch);
            return true;
        });
    }

    /** The second transaction: the answer (or failure), usage, status and the last events, together. */
    void finish(TaskExecution execution, TaskExecution.Outcome outcome) {
        record Committed(TaskView view, List<TaskEvent> events) {}
        Committed committed;
        try {
            committed = QuarkusTransaction.requiringNew().call(() -> {
                TaskEntity t = store.findForUpdate(execution.taskId).orElse(null);
                if (t == null || t.status() != TaskStatus.RUNNING || !replica.equals(t.leaseOwner)) {
                    return null;
                }
                List<TaskEvent> events = new ArrayList<>(execution.takeUnsaved());
                t.finishedAt = TaskEntity.now();
                t.leaseOwner = null;
                t.leaseExpiresAt = null;
                switch (outcome) {
                    case TaskExecution.Outcome.Completed c -> complete(t, c.result(), events, execution);
                    case TaskExecution.Outcome.Failed f -> fail(t, f.cause(), execution);
                    case TaskExecution.Outcome.Canceled ignored -> {
                        t.status = TaskStatus.CANCELED.wireName();
                        t.output = execution.partialOutput();
                    }
                }
                store.flush();
                // A task queued behind this one in its session may start now, on any replica.
                store.announceIfQueued(t.sessionId);
                TaskView view = json.view(t);
                events.add(
                        t.status() == TaskStatus.FAILED
                                ? execution.nextEvent(
                                        TaskEvent.Kind.ERROR, json.map(TaskProblem.of(view.error(), t.id, null)))
                                : execution.nextEvent(TaskEvent.Kind.DONE, json.map(view)));
                store.insertEvents(t.id, events);
                ended.fire(new TaskEnded(view));
                return new Committed(view, events);
            });
        } catch (RuntimeException e) {
            if (DatabaseOutage.noticed(e)) {
                LOG.warnf(
                        "Could not record the outcome of task %s while PostgreSQL is away; its lease will expire "
                                + "and it is retried",
                        execution.taskId);
            } else {
                LOG.errorf(
                        e,
                        "Could not record the outcome of task %s; its lease will expire and it is retried",
                        execution.taskId);
            }
            execution.abandon("the outcome could not be recorded");
            return;
        }
        if (committed == null) {
            execution.abandon("the task's lease was taken over by another replica");
            return;
        }
        LOG.debugf("Task %s: %s", execution.taskId, committed.view().status().wireName());
        execution.finished(
                committed.view(),
                committed.events().stream()
                        .filter(e -> e.kind() != TaskEvent.Kind.DELTA)
                        .toList());
    }

    private void complete(TaskEntity t, ChatResult r, List<TaskEvent> events, TaskExecution execution) {
        t.status = TaskStatus.COMPLETED.wireName();
        t.output = r.text() == null ? execution.partialOutput() : r.text();
        if (r.provider() != null) {
            t.provider = r.provider();
        }
        if (r.model() != null) {
            t.model = r.model();
        }
        if (r.usage() != null) {
            t.inputTokens = r.usage().inputTokens();
            t.outputTokens = r.usage().outputTokens();
            events.add(execution.nextEvent(
                    TaskEvent.Kind.USAGE, Map.of("inputTokens", t.inputTokens, "outputTokens", t.outputTokens)));
        }
        t.providerMs = r.providerMillis();
        if (!t.output.isEmpty()) {
            sessions.append(
                    t.sessionId, new NewMessage("assistant", t.output, t.model, t.inputTokens, t.outputTokens, t.id));
        }
    }

    private void fail(TaskEntity t, Throwable cause, TaskExecution execution) {
        TaskView.TaskError error = TaskErrors.of(cause, t.id);
        if (TaskErrors.INTERNAL.equals(error.kind())) {
            LOG.errorf(cause, "Task %s failed unexpectedly", t.id);
        } else {
            LOG.infof("Task %s failed: %s", t.id, error.detail());
        }
        t.status = TaskStatus.FAILED.wireName();
        String partial = execution.partialOutput();
        t.output = partial.isEmpty() ? null : partial;
        t.error = json.map(error);
    }

    void forget(TaskExecution execution) {
        local.remove(execution.taskId, execution);
        for (Consumer<UUID> l : endListeners) {
            try {
                l.accept(execution.taskId);
            } catch (RuntimeException e) {
                LOG.warn("A task-ended listener failed", e);
            }
        }
    }

    private void renewLeases() {
        Set<UUID> ids = Set.copyOf(local.keySet());
        if (ids.isEmpty()) {
            return;
        }
        List<UUID> lost = QuarkusTransaction.requiringNew().call(() -> store.renewLeases(ids, replica, leaseUntil()));
        for (UUID id : lost) {
            TaskExecution e = local.get(id);
            if (e != null && !e.finished()) {
                LOG.warnf("Task %s is no longer leased to this replica; stopping it here", id);
                e.abandon("the task's lease was taken over by another replica");
            }
        }
    }

    /** Cancels asked for on another replica reach the provider call here within the check interval. */
    private void checkCancels() {
        Set<UUID> ids = Set.copyOf(local.keySet());
        if (ids.isEmpty()) {
            return;
        }
        for (UUID id : QuarkusTransaction.requiringNew().call(() -> store.cancelRequested(ids))) {
            TaskExecution e = local.get(id);
            if (e != null) {
                e.cancel();
            }
        }
    }

    /**
     * Lets the running tasks finish within the grace period, then hands the rest back to the queue
     * so that another replica runs them again.
     */
    void onStop(@Observes @Priority(10) ShutdownEvent event) {
        Instant deadline = Instant.now().plus(config.shutdownGracePeriod());
        if (!local.isEmpty()) {
            LOG.infof("Waiting up to %s for %d running task(s) to finish", config.shutdownGracePeriod(), local.size());
        }
        while (!local.isEmpty() && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(100));
        }
        for (TaskExecution e : List.copyOf(local.values())) {
            e.abandon("the replica is stopping");
            try {
                QuarkusTransaction.requiringNew().run(() -> release(e.taskId));
                LOG.infof("Task %s handed back to the queue", e.taskId);
            } catch (RuntimeException ex) {
                LOG.warnf(ex, "Could not hand task %s back; it is recovered when its lease expires", e.taskId);
            }
        }
        timer.shutdownNow();
        virtualThreads.shutdown();
    }

    private void release(UUID taskId) {
        store.findForUpdate(taskId).ifPresent(t -> {
            if (t.status() == TaskStatus.RUNNING && replica.equals(t.leaseOwner)) {
                transitions.requeue(t);
            }
        });
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
