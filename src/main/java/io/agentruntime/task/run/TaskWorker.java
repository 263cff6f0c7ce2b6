package io.agentruntime.task.run;

import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.common.DatabaseOutage;
import io.agentruntime.common.problem.ProblemType;
import io.agentruntime.session.SessionService;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TasksConfig;
import io.agentruntime.task.store.TaskEntity;
import io.agentruntime.task.store.TaskStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The durable queue: claims queued tasks with {@code FOR UPDATE SKIP LOCKED} (any replica may),
 * one running task per session, oldest first, up to the configured concurrency, as many as it has free
 * slots in one transaction; and recovers
 * running tasks whose lease expired because their replica died.
 *
 * <p>It looks at the queue only when there may be work: a task was queued (a {@link TaskQueued}
 * event: queued here, or on any replica through {@link TaskQueueListener}), a task it claimed ended
 * while it had no free slot, or the poll interval passed (the lease scan, and the fallback when
 * notifications are lost). A task that ends without a task queued behind it costs no queue scan.
 * Its periodic work runs on the Quarkus scheduler, never two runs of a job at once.
 */
@ApplicationScoped
class TaskWorker {

    private static final Logger LOG = Logger.getLogger(TaskWorker.class);
    private static final String KEY_CLEANUP_INTERVAL = "10m";
    static final String POLL_JOB = "task-queue-poll";
    static final String KEY_CLEANUP_JOB = "task-idempotency-key-cleanup";

    private sealed interface Claim {
        record Started(StartPlan plan) implements Claim {}

        /** The task could not start (its agent is gone) and was failed: look for the next. */
        record Skipped() implements Claim {}
    }

    private final TaskStore store;
    private final TaskTransitions transitions;
    private final TaskExecutor executor;
    private final SessionService sessions;
    private final AgentCatalog catalog;
    private final TasksConfig config;
    private final TaskMetrics metrics;
    private final TaskQueueListener listener;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock polling = new ReentrantLock();
    private final AtomicBoolean again = new AtomicBoolean();
    /** The lease scan is due (the poll interval passed); it runs with the next look at the queue. */
    private final AtomicBoolean leasesDue = new AtomicBoolean();
    /** The last look at the queue stopped at the concurrency limit: a task that ends frees a slot for more. */
    private volatile boolean saturated;

    private volatile boolean stopping;

    TaskWorker(
            TaskStore store,
            TaskTransitions transitions,
            TaskExecutor executor,
            SessionService sessions,
            AgentCatalog catalog,
            TasksConfig config,
            TaskMetrics metrics,
            TaskQueueListener listener) {
        this.store = store;
        this.transitions = transitions;
        this.executor = executor;
        this.sessions = sessions;
        this.catalog = catalog;
        this.config = config;
        this.metrics = metrics;
        this.listener = listener;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.worker().enabled()) {
            LOG.info("Task worker disabled (tasks.worker.enabled=false): this replica runs no queued tasks");
            return;
        }
        listener.start();
    }

    /** Runs on the thread that fired the event (a request's, or the listener's): it only hands off. */
    void onQueued(@Observes TaskQueued event) {
        wake();
    }

    /** Looks at the queue now rather than at the next poll (a task was queued, or one ended and freed a slot). */
    void wake() {
        if (config.worker().enabled() && !stopping) {
            try {
                executor.virtualThreads().execute(() -> lookQuietly(false));
            } catch (RuntimeException e) {
                // Stopping: the executor no longer takes work.
            }
        }
    }

    /** A look on a thread of its own: nothing may escape as an uncaught (plain-text) exception. */
    private void lookQuietly(boolean recover) {
        try {
            look(recover);
        } catch (RuntimeException e) {
            if (!DatabaseOutage.noticed(e)) {
                LOG.warn("Looking at the task queue failed; the next poll tries again", e);
            }
        }
    }

    /** The periodic look: expired leases and the queue, in one transaction when nothing is found. */
    @Scheduled(
            identity = POLL_JOB,
            every = "${tasks.worker.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (config.worker().enabled() && !stopping) {
            TaskExecutor.quietly(() -> look(true));
        }
    }

    private void look(boolean recover) {
        if (recover) {
            leasesDue.set(true);
        }
        if (!polling.tryLock()) {
            again.set(true);
            return;
        }
        try {
            do {
                again.set(false);
                claimWhileFree(leasesDue.getAndSet(false));
            } while (again.get() && !stopping);
        } finally {
            polling.unlock();
        }
    }

    private void claimWhileFree(boolean recover) {
        boolean scanLeases = recover;
        while (!stopping) {
            int slots = config.worker().concurrency() - inFlight.get();
            boolean free = slots > 0;
            saturated = !free;
            if (!free && !scanLeases) {
                return;
            }
            boolean scanNow = scanLeases;
            scanLeases = false;
            // A batch up to the free slots in one transaction: one claim per transaction left a burst's
            // backlog draining at a third of the configured concurrency.
            List<Claim> claims = QuarkusTransaction.requiringNew().call(() -> {
                if (scanNow) {
                    recoverExpiredLeases();
                }
                return free ? claimBatch(slots) : List.<Claim>of();
            });
            if (claims.isEmpty()) {
                return;
            }
            // Started after the commit, so that the provider call never runs ahead of the claim's rows.
            for (Claim claim : claims) {
                if (claim instanceof Claim.Started started) {
                    run(started.plan());
                }
            }
        }
    }

    private void run(StartPlan plan) {
        inFlight.incrementAndGet();
        TaskExecution execution = executor.start(plan);
        execution.result().whenComplete((view, failure) -> {
            inFlight.decrementAndGet();
            // The last look stopped at the limit: this freed slot may take a task that waits.
            if (saturated) {
                wake();
            }
        });
    }

    /**
     * Claims up to {@code slots} queued tasks, each of another session (the query returns one per session at
     * most); empty when none may start now.
     */
    private List<Claim> claimBatch(int slots) {
        List<TaskEntity> next = store.lockNextQueued(slots);
        List<Claim> claims = new ArrayList<>(next.size());
        for (TaskEntity t : next) {
            claimOne(t).ifPresent(claims::add);
        }
        return claims;
    }

    private Optional<Claim> claimOne(TaskEntity t) {
        // A request may have started a task in this session since the query ran: the session lock
        // orders us after it, and the second look sees it.
        sessions.lock(t.sessionId);
        if (store.hasRunning(t.sessionId, t.id)) {
            return Optional.empty();
        }
        Optional<AgentDefinition> agent = catalog.find(t.agent);
        if (agent.isEmpty()) {
            transitions.end(
                    t,
                    TaskStatus.FAILED,
                    TaskErrors.of(
                            TaskErrors.AGENT_MISSING,
                            ProblemType.UNPROCESSABLE,
                            "The agent '" + t.agent + "' is no longer in the catalog"));
            return Optional.of(new Claim.Skipped());
        }
        return Optional.of(new Claim.Started(transitions.begin(t, agent.get(), store.lastSeq(t.id))));
    }

    /**
     * Tasks whose replica died: queued again for another attempt, or failed after the last one. Joins
     * the caller's transaction.
     */
    void recoverExpiredLeases() {
        QuarkusTransaction.joiningExisting().run(() -> {
            List<TaskEntity> expired = store.lockExpiredLeases(Instant.now(), 50);
            for (TaskEntity t : expired) {
                if (executor.running(t.id).isPresent()) {
                    // Ours after all (a renewal came late): keep it.
                    t.leaseExpiresAt = executor.leaseUntil();
                    continue;
                }
                metrics.leaseTakenOver();
                if (t.cancelRequested) {
                    transitions.end(t, TaskStatus.CANCELED, null);
                } else if (t.attempts >= config.worker().maxAttempts()) {
                    LOG.warnf(
                            "Task %s failed: lease expired after %d attempts (last replica %s)",
                            t.id, t.attempts, t.leaseOwner);
                    transitions.end(
                            t,
                            TaskStatus.FAILED,
                            TaskErrors.of(
                                    TaskErrors.LEASE_EXPIRED,
                                    ProblemType.UNAVAILABLE,
                                    "The task's lease expired after " + t.attempts
                                            + " attempts: the replicas running it stopped" + " before it finished"));
                } else {
                    LOG.infof(
                            "Task %s: lease of replica %s expired; queued again (attempt %d of %d done)",
                            t.id, t.leaseOwner, t.attempts, config.worker().maxAttempts());
                    transitions.requeue(t);
                }
            }
        });
    }

    @Scheduled(
            identity = KEY_CLEANUP_JOB,
            every = KEY_CLEANUP_INTERVAL,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldKeys() {
        if (config.worker().enabled() && !stopping) {
            TaskExecutor.quietly(this::forgetOldKeysNow);
        }
    }

    private void forgetOldKeysNow() {
        int n = QuarkusTransaction.requiringNew()
                .call(() -> store.forgetIdempotencyKeys(
                        Instant.now().minus(config.idempotency().retention())));
        if (n > 0) {
            LOG.debugf("Forgot %d Idempotency-Key(s) past their retention", n);
        }
    }

    /**
     * Stops looking at the queue. A look already under way (a scheduled poll, a wake-up) ends before
     * this returns: the scheduler outlives the shutdown observers, the database does not.
     */
    void onStop(@Observes @Priority(5) ShutdownEvent event) {
        stopping = true;
        listener.stop();
        polling.lock();
        polling.unlock();
    }
}
