package io.agentruntime.task.run;

import io.agentruntime.common.Metrics;
import io.agentruntime.provider.ModelLabels;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskView;
import io.agentruntime.task.store.TaskStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Task meters on /q/metrics, all {@code agent_runtime_*}: one counter of tasks ended (by agent, model,
 * provider, mode and status), histograms of their duration and of the time the service added beyond
 * waiting on the provider, tasks running on this replica, the queue depth and lease takeovers. The model
 * label is bounded by {@link ModelLabels}: a caller's made-up model counts as {@code other}.
 */
@Startup
@ApplicationScoped
class TaskMetrics {

    /** The queue depth is counted in the database at most this often, whatever the scrape rate. */
    private static final Duration QUEUE_DEPTH_MAX_AGE = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final ModelLabels models;
    private final TaskStore store;
    private final TaskExecutor executor;
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicLong queueDepthCountedAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean countingQueue = new AtomicBoolean();
    private final Counter leaseTakeovers;
    private final List<Gauge> gauges = new ArrayList<>();
    private final Map<EndedLabels, Counter> ended = new ConcurrentHashMap<>();
    private final Map<TaskStatus, Timer> durations = new ConcurrentHashMap<>();
    private final Timer overhead;

    TaskMetrics(MeterRegistry registry, ModelLabels models, TaskExecutor executor, TaskStore store) {
        this.registry = registry;
        this.models = models;
        this.store = store;
        this.executor = executor;
        gauges.add(Gauge.builder(Metrics.name("task.queue.depth"), this, TaskMetrics::queueDepth)
                .description("Queued tasks in the database (all replicas), counted at most every 5 s")
                .strongReference(true)
                .register(registry));
        overhead = Timer.builder(Metrics.name("tasks.overhead"))
                .description("Task duration minus the time spent waiting on the provider")
                .serviceLevelObjectives(Metrics.SERVICE_BUCKETS)
                .register(registry);
        leaseTakeovers = Counter.builder(Metrics.name("lease.takeovers"))
                .description("Running tasks recovered by this replica after their lease expired (their replica died)")
                .register(registry);
        // A strong reference: the injected executor is a client proxy that nothing else holds, and a
        // gauge's default weak reference would let it be collected and the gauge vanish.
        gauges.add(Gauge.builder(Metrics.name("tasks.running"), executor, TaskExecutor::runningCount)
                .description("Tasks executing on this replica now")
                .strongReference(true)
                .register(registry));
    }

    /** After the commit, so that a rolled-back outcome is not counted. */
    void ended(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskEnded event) {
        TaskView task = event.task();
        // The one task counter: every label is bounded (catalog agents, configured models and providers),
        // so the meters are kept by their labels rather than looked up in the registry by each task.
        ended.computeIfAbsent(
                        new EndedLabels(
                                task.agent() == null ? "none" : task.agent(),
                                models.of(task.model()),
                                task.provider() == null ? "none" : task.provider(),
                                task.mode().wireName(),
                                task.status().wireName()),
                        this::endedCounter)
                .increment();
        if (task.durationMs() != null) {
            durations.computeIfAbsent(task.status(), this::durationTimer).record(Duration.ofMillis(task.durationMs()));
            if (task.providerMs() != null && task.status() == TaskStatus.COMPLETED) {
                overhead.record(Duration.ofMillis(Math.max(0, task.durationMs() - task.providerMs())));
            }
        }
    }

    private record EndedLabels(String agent, String model, String provider, String mode, String status) {}

    private Counter endedCounter(EndedLabels l) {
        return Counter.builder(Metrics.name("tasks.ended"))
                .description("Tasks that reached a final status, whichever way they came in")
                .tag("agent", l.agent())
                .tag("model", l.model())
                .tag("provider", l.provider())
                .tag("mode", l.mode())
                .tag("status", l.status())
                .register(registry);
    }

    private Timer durationTimer(TaskStatus status) {
        return Timer.builder(Metrics.name("tasks.duration"))
                .description("From the task's start to its final commit")
                .tag("status", status.wireName())
                .serviceLevelObjectives(Metrics.MODEL_BUCKETS)
                .register(registry);
    }

    /**
     * A gauge holds this instance: the registry can outlive the application (dev-mode reloads, test
     * restarts), and a later registration under the same name would return the stale gauge.
     */
    void onStop(@Observes ShutdownEvent event) {
        gauges.forEach(registry::remove);
    }

    void leaseTakenOver() {
        leaseTakeovers.increment();
    }

    /**
     * The last count; a stale one is refreshed in the background, so a scrape never waits on the
     * database (nor blocks the thread it runs on).
     */
    private double queueDepth() {
        long now = System.nanoTime();
        long countedAt = queueDepthCountedAt.get();
        if ((countedAt == Long.MIN_VALUE || now - countedAt > QUEUE_DEPTH_MAX_AGE.toNanos())
                && countingQueue.compareAndSet(false, true)) {
            // A thread of its own: the task executor's threads may all be busy with slow providers,
            // and the count must not wait behind them.
            Thread.ofVirtual().name("queue-depth-count").start(() -> {
                try {
                    queueDepth.set(store.countQueued());
                    queueDepthCountedAt.set(System.nanoTime());
                } catch (RuntimeException e) {
                    // The database is away: keep the last count; readiness reports the outage.
                } finally {
                    countingQueue.set(false);
                }
            });
        }
        return queueDepth.get();
    }
}
