package io.agentruntime.common;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * PostgreSQL being away is an outage, not a bug: requests answer 503 with Retry-After, background
 * work waits, and the log says so once when it starts and once when it ends instead of a stack trace
 * per request. The state is process-wide (one database per process), so failures anywhere report it
 * through {@link #noticed(Throwable)}; this bean probes for the end of the outage.
 */
@ApplicationScoped
public class DatabaseOutage {

    /** Retry-After of a 503 while the database is away: the probe's interval, rounded up. */
    public static final long RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);
    private static final AtomicReference<Instant> SINCE = new AtomicReference<>();

    private final AgroalDataSource dataSource;

    DatabaseOutage(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * True when the failure means that the database cannot be reached (connection refused or broken,
     * server shutting down or not accepting connections, no pooled connection in time); the first
     * such failure of an outage is logged, without its stack trace.
     */
    public static boolean noticed(Throwable failure) {
        String cause = cause(failure);
        if (cause == null) {
            return false;
        }
        if (SINCE.compareAndSet(null, Instant.now())) {
            LOG.warnf(
                    "PostgreSQL cannot be reached (%s): requests that need it answer 503 and background work "
                            + "waits until it is back",
                    cause);
        }
        return true;
    }

    /** Whether an outage is going on (noticed and not yet seen to end). */
    public static boolean ongoing() {
        return SINCE.get() != null;
    }

    /** While an outage goes on, checks every few seconds whether the database is back, and says so once. */
    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probe() {
        Instant since = SINCE.get();
        if (since == null) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            if (c.isValid(2) && SINCE.compareAndSet(since, null)) {
                LOG.infof(
                        "PostgreSQL is reachable again after %d s",
                        Duration.between(since, Instant.now()).toSeconds());
            }
        } catch (SQLException | RuntimeException e) {
            // Still away.
        }
    }

    /** A short description of why the database is unreachable, or null when the failure is another. */
    static String cause(Throwable failure) {
        return cause(failure, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    /**
     * Looks through causes and suppressed exceptions: a commit that fails because the server went away
     * reports the driver's error only as a suppressed exception of the transaction manager's.
     */
    private static String cause(Throwable t, java.util.Set<Throwable> seen) {
        if (t == null || !seen.add(t) || seen.size() > 64) {
            return null;
        }
        if (t instanceof SQLException sql && unavailable(sql)) {
            return sql.getSQLState() == null ? firstLine(sql.getMessage()) : "SQL state " + sql.getSQLState();
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof SQLException sql && "This connection has been closed.".equals(sql.getMessage())) {
            return "connection closed";
        }
        String found = cause(t.getCause(), seen);
        for (Throwable s : t.getSuppressed()) {
            if (found != null) {
                break;
            }
            found = cause(s, seen);
        }
        return found;
    }

    private static boolean unavailable(SQLException e) {
        String state = e.getSQLState();
        if (state != null) {
            // 08: connection exceptions; 57P01-03: the server shuts down or does not accept connections
            // yet; 53300: too many connections.
            return state.startsWith("08") || state.startsWith("57P0") || state.equals("53300");
        }
        // Agroal: no connection could be had from the pool in time.
        return e.getMessage() != null && e.getMessage().contains("Acquisition timeout");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no connection";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
