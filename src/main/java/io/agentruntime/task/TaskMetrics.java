package io.agentruntime.task;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;

/**
 * Task metrics on /q/metrics: tasks ended by status, mode and provider; their duration; the time
 * the service added beyond waiting on the provider; and how many run on this replica.
 */
@Startup
@ApplicationScoped
class TaskMetrics {

    private final MeterRegistry registry;

    TaskMetrics(MeterRegistry registry, TaskExecutor executor) {
        this.registry = registry;
        // A strong reference: the injected executor is a client proxy that nothing else holds, and a
        // gauge's default weak reference would let it be collected and the gauge vanish.
        Gauge.builder("agent_runtime.tasks.running", executor, TaskExecutor::runningCount)
                .description("Tasks executing on this replica now")
                .strongReference(true)
                .register(registry);
    }

    /** After the commit, so that a rolled-back outcome is not counted. */
    void ended(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskEnded event) {
        TaskView task = event.task();
        String provider = task.provider() == null ? "none" : task.provider();
        Counter.builder("agent_runtime.tasks.ended")
                .description("Tasks that reached a final status")
                .tag("status", task.status().wireName())
                .tag("mode", task.mode().wireName())
                .tag("provider", provider)
                .register(registry).increment();
        if (task.durationMs() != null) {
            Timer.builder("agent_runtime.tasks.duration")
                    .description("From the task's start to its final commit")
                    .tag("status", task.status().wireName())
                    .publishPercentiles(0.5, 0.99)
                    .register(registry).record(Duration.ofMillis(task.durationMs()));
            if (task.providerMs() != null && task.status() == TaskStatus.COMPLETED) {
                Timer.builder("agent_runtime.tasks.overhead")
                        .description("Task duration minus the time spent waiting on the provider")
                        .publishPercentiles(0.5, 0.99)
                        .register(registry).record(Duration.ofMillis(Math.max(0, task.durationMs() - task.providerMs())));
            }
        }
    }
}
