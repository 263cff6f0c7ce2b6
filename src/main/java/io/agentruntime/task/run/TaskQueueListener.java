package io.agentruntime.task.run;

import io.agentruntime.task.store.TaskStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Tells this replica's worker (with a {@link TaskQueued} event) when any replica queues a task
 * (PostgreSQL {@code LISTEN/NOTIFY}),
 * so that an idle worker need not poll the queue often: waiting for a notification costs the
 * database nothing. Holds one connection of the pool for as long as the replica runs. While the
 * connection is lost the worker still finds queued tasks at its poll interval.
 */
@ApplicationScoped
class TaskQueueListener {

    /** The channel every replica listens on; the payload is not used. */
    static final String CHANNEL = TaskStore.QUEUE_CHANNEL;

    private static final Logger LOG = Logger.getLogger(TaskQueueListener.class);
    /** How long one wait for notifications lasts: also how quickly the listener sees a shutdown. */
    private static final int WAIT_MILLIS = 1000;
    /** A silently dead connection would never deliver again: check it this often. */
    private static final Duration VALIDATE_EVERY = Duration.ofMinutes(1);

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final AgroalDataSource dataSource;
    private final Event<TaskQueued> queued;
    private volatile boolean stopping;
    private Thread thread;
    private boolean warned;

    TaskQueueListener(AgroalDataSource dataSource, Event<TaskQueued> queued) {
        this.dataSource = dataSource;
        this.queued = queued;
    }

    /** Starts listening; the observers of {@link TaskQueued} run on the listener's thread and must not block long. */
    synchronized void start() {
        if (thread == null) {
            thread =
                    Thread.ofPlatform().name("task-queue-listener").daemon(true).start(this::listen);
        }
    }

    synchronized void stop() {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void listen() {
        while (!stopping) {
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                warned = false;
                // Tasks may have been queued while nobody here listened.
                queued.fire(new TaskQueued());
                PGConnection pg = c.unwrap(PGConnection.class);
                long validateAt = System.nanoTime() + VALIDATE_EVERY.toNanos();
                while (!stopping) {
                    PGNotification[] got = pg.getNotifications(WAIT_MILLIS);
                    if (got != null && got.length > 0) {
                        queued.fire(new TaskQueued());
                    }
                    if (System.nanoTime() - validateAt > 0) {
                        if (!c.isValid(5)) {
                            throw new SQLException("the listening connection is no longer valid");
                        }
                        validateAt = System.nanoTime() + VALIDATE_EVERY.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                // Once per outage: readiness already reports a database that cannot be reached.
                if (!warned) {
                    LOG.warnf(
                            "Not listening for queued tasks (%s); the worker polls only, until listening again",
                            e.getMessage());
                    warned = true;
                }
                try {
                    Thread.sleep(RETRY_AFTER);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
