package io.agentruntime.task.run;

import io.agentruntime.common.DatabaseOutage;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TasksConfig;
import io.agentruntime.task.store.TaskStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes what the executions of this replica report, each write in a transaction of its own and
 * only while this replica holds the task's lease: the streamed text in batches, then the outcome
 * (through {@link TaskTransitions#finish}).
 */
@ApplicationScoped
class ExecutionRecorder implements ExecutionSink {

    private static final Logger LOG = Logger.getLogger(ExecutionRecorder.class);
    private static final String LEASE_LOST = "the task's lease was taken over by another replica";

    private final TaskStore store;
    private final TaskTransitions transitions;
    private final TasksConfig config;
    private final String replica;

    ExecutionRecorder(TaskStore store, TaskTransitions transitions, TasksConfig config, ReplicaId replica) {
        this.store = store;
        this.transitions = transitions;
        this.config = config;
        this.replica = replica.value();
    }

    @Override
    public boolean chunk(UUID taskId, List<TaskEvent> batch) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!store.renewLease(
                    taskId, replica, Instant.now().plus(config.worker().lease()))) {
                return false;
            }
            store.insertEvents(taskId, batch);
            return true;
        });
    }

    /** The second transaction of a task: the answer (or failure), usage, status and the last events, together. */
    @Override
    public Recorded finish(Report report) {
        Recorded recorded;
        try {
            recorded = QuarkusTransaction.requiringNew()
                    .call(() -> transitions
                            .finish(report)
                            .<Recorded>map(committed -> committed)
                            .orElseGet(() -> new Recorded.NotRecorded(LEASE_LOST)));
        } catch (RuntimeException e) {
            if (DatabaseOutage.noticed(e)) {
                LOG.warnf(
                        "Could not record the outcome of task %s while PostgreSQL is away; its lease will expire "
                                + "and it is retried",
                        report.taskId());
            } else {
                LOG.errorf(
                        e,
                        "Could not record the outcome of task %s; its lease will expire and it is retried",
                        report.taskId());
            }
            return new Recorded.NotRecorded("the outcome could not be recorded");
        }
        if (recorded instanceof Recorded.Committed c) {
            LOG.debugf("Task %s: %s", report.taskId(), c.view().status().wireName());
        }
        return recorded;
    }
}
