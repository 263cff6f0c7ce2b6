package io.agentruntime.task.run;

import io.agentruntime.common.DatabaseOutage;
import io.agentruntime.task.store.TaskStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Tells the other replicas that this one admitted queued tasks: one {@code NOTIFY} of its own, after the
 * admissions committed, for all the tasks admitted within {@link #COALESCE}.
 *
 * <p>PostgreSQL serialises the commits of notifying transactions on one global lock, and folds equal
 * notifications only within one transaction: a {@code NOTIFY} in every admission made a burst's commits wait on
 * each other. This replica's own worker needs none (the {@link TaskQueued} event wakes it in-process); another
 * replica's worker wakes within {@code COALESCE} plus its listener's wait, and at its poll interval if the
 * notification is lost (the replica stopped before sending it).
 */
@ApplicationScoped
class QueueAnnouncer {

    /** How long admissions are gathered into one notification: well inside the second another replica may wait. */
    static final Duration COALESCE = Duration.ofMillis(200);

    private static final Logger LOG = Logger.getLogger(QueueAnnouncer.class);

    private final TaskStore store;
    private final TaskExecutor executor;
    /** A notification is due and not sent yet: admissions until it is sent need no other. */
    private final AtomicBoolean due = new AtomicBoolean();

    QueueAnnouncer(TaskStore store, TaskExecutor executor) {
        this.store = store;
        this.executor = executor;
    }

    /** A task was queued and its admission committed. */
    void queued() {
        if (due.compareAndSet(false, true)) {
            try {
                CompletableFuture.delayedExecutor(COALESCE.toMillis(), TimeUnit.MILLISECONDS, executor.virtualThreads())
                        .execute(this::announce);
            } catch (RuntimeException e) {
                // Stopping: the executor no longer takes work, and the other replicas poll.
                due.set(false);
            }
        }
    }

    private void announce() {
        // Cleared before the notification's transaction: a task committed from now on asks for one more, so
        // none is left without a notification sent after its commit.
        due.set(false);
        try {
            QuarkusTransaction.requiringNew().run(store::announceQueued);
        } catch (RuntimeException e) {
            if (!DatabaseOutage.noticed(e)) {
                LOG.debug("Announcing queued tasks failed; the other replicas find them at their poll", e);
            }
        }
    }
}
