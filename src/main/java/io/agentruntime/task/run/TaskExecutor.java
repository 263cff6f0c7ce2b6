package io.agentruntime.task.run;

import io.agentruntime.common.DatabaseOutage;
import io.agentruntime.provider.ChatEvent;
import io.agentruntime.provider.ModelGateway;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TasksConfig;
import io.agentruntime.task.store.TaskStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs tasks on this replica: starts the provider call with an execution that reports to the
 * {@link ExecutionRecorder}, keeps the leases of its tasks and notices cancels asked for on other
 * replicas. Database work runs on virtual threads; a task waiting on its provider holds no thread.
 */
@ApplicationScoped
class TaskExecutor {

    private static final Logger LOG = Logger.getLogger(TaskExecutor.class);
    static final String RENEW_JOB = "task-lease-renewal";
    static final String CANCEL_CHECK_JOB = "task-cancel-check";

    private final ModelGateway gateway;
    private final ExecutionSink sink;
    private final TaskStore store;
    private final TaskTransitions transitions;
    private final TasksConfig config;
    private final Scheduler scheduler;
    private final String replica;
    private final Map<UUID, TaskExecution> local = new ConcurrentHashMap<>();
    private final ExecutorService virtualThreads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("task-", 0).factory());
    private final Executor flushLater;

    TaskExecutor(
            ModelGateway gateway,
            ExecutionRecorder sink,
            TaskStore store,
            TaskTransitions transitions,
            TasksConfig config,
            Scheduler scheduler,
            ReplicaId replica) {
        this.gateway = gateway;
        this.sink = sink;
        this.store = store;
        this.transitions = transitions;
        this.config = config;
        this.scheduler = scheduler;
        this.replica = replica.value();
        this.flushLater = CompletableFuture.delayedExecutor(
                config.stream().flushInterval().toMillis(), TimeUnit.MILLISECONDS, virtualThreads);
    }

    /**
     * Leases are renewed three times per lease, an interval derived from a setting, which {@code
     * @Scheduled} cannot express: the job is scheduled here, with the same skip-when-busy rule, and
     * not more often than the scheduler's one-second step.
     */
    void onStart(@Observes StartupEvent event) {
        Duration renewEvery =
                Duration.ofMillis(Math.max(1000, config.worker().lease().toMillis() / 3));
        scheduler
                .newJob(RENEW_JOB)
                .setInterval(renewEvery.toMillis() + "ms")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> quietly(this::renewLeases))
                .schedule();
    }

    /** Periodic work: an outage is reported by readiness, anything else is logged; the next run retries. */
    static void quietly(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (!DatabaseOutage.noticed(e)) {
                LOG.warn("Periodic task work failed; it is retried", e);
            }
        }
    }

    ExecutorService virtualThreads() {
        return virtualThreads;
    }

    Instant leaseUntil() {
        return Instant.now().plus(config.worker().lease());
    }

    /** Starts the provider call of a task already marked running; its end is {@link TaskExecution#result()}. */
    TaskExecution start(StartPlan plan) {
        TaskExecution execution = new TaskExecution(
                plan.taskId(),
                plan.nextSeq(),
                plan.initialEvents(),
                config.maxAnswerChars(),
                sink,
                virtualThreads,
                flushLater);
        local.put(plan.taskId(), execution);
        execution.result().whenComplete((view, failure) -> local.remove(plan.taskId(), execution));
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

    void renewLeases() {
        Set<UUID> ids = Set.copyOf(local.keySet());
        if (ids.isEmpty()) {
            return;
        }
        List<UUID> lost = QuarkusTransaction.requiringNew().call(() -> store.renewLeases(ids, replica, leaseUntil()));
        for (UUID id : lost) {
            TaskExecution e = local.get(id);
            if (e != null && e.leaseLost("the task's lease was taken over by another replica")) {
                LOG.warnf("Task %s is no longer leased to this replica; stopping it here", id);
            }
        }
    }

    /** Cancels asked for on another replica reach the provider call here within the check interval. */
    @Scheduled(
            identity = CANCEL_CHECK_JOB,
            every = "${tasks.worker.cancel-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkCancels() {
        quietly(this::checkCancelsNow);
    }

    private void checkCancelsNow() {
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
     * so that another replica runs them again. The scheduler stops after this (when the container
     * is destroyed), so leases are renewed while the tasks finish.
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
