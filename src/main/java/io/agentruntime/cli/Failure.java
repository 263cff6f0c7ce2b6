package io.agentruntime.cli;

import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.common.problem.ProblemType;
import io.agentruntime.provider.ProviderException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Why a command failed: its exit code and the one line printed after {@code agent-runtime: }. */
record Failure(int exitCode, String message) {

    /** SQLSTATE class 08: connection exceptions. */
    private static final String CONNECTION_STATE_CLASS = "08";

    /** A failure while Quarkus was starting (before any command ran). */
    static Failure ofStartup(Throwable t) {
        Throwable db = databaseCause(t);
        if (db != null) {
            return new Failure(ExitCode.DATABASE, "database unreachable: " + oneLine(db));
        }
        return new Failure(ExitCode.FAILURE, "failed to start: " + oneLine(rootCause(t)));
    }

    /** An exception thrown by a command. */
    static Failure of(Throwable t) {
        if (t instanceof CommandFailure known) {
            return known.failure();
        }
        Throwable db = databaseCause(t);
        if (db != null) {
            return new Failure(ExitCode.DATABASE, "database unreachable: " + oneLine(db));
        }
        ProblemException problem = find(t, ProblemException.class);
        if (problem instanceof ProviderException pe) {
            return pe.kind() == ProviderException.Kind.NOT_CONFIGURED
                    ? new Failure(ExitCode.PROVIDER, "no provider configured: " + oneLine(pe))
                    : new Failure(ExitCode.PROVIDER, "provider error: " + oneLine(pe));
        }
        if (problem != null) {
            return of(problem.type(), oneLine(problem));
        }
        return new Failure(ExitCode.FAILURE, oneLine(rootCause(t)));
    }

    /** A problem reported by a service, by its kind. */
    static Failure of(ProblemType type, String detail) {
        return switch (type) {
            case NOT_FOUND -> new Failure(ExitCode.NOT_FOUND, detail);
            case BAD_REQUEST, VALIDATION, UNPROCESSABLE -> new Failure(ExitCode.USAGE, detail);
            case NOT_CONFIGURED -> new Failure(ExitCode.PROVIDER, "no provider configured: " + detail);
            case PROVIDER_ERROR, PROVIDER_TIMEOUT, UNAVAILABLE ->
                new Failure(ExitCode.PROVIDER, "provider error: " + detail);
            default -> new Failure(ExitCode.FAILURE, detail);
        };
    }

    /** The exception in the chain that says the database cannot be reached, or null. */
    static Throwable databaseCause(Throwable t) {
        for (Throwable c : chain(t)) {
            if (c instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(CONNECTION_STATE_CLASS)) {
                return c;
            }
        }
        for (Throwable c : chain(t)) {
            // A refused or unresolvable host below a JDBC exception: the driver's own words are less clear.
            if ((c instanceof ConnectException
                            || c instanceof UnknownHostException
                            || c instanceof NoRouteToHostException)
                    && find(t, SQLException.class) != null) {
                return c;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c : chain(t)) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable t) {
        return chain(t).getLast();
    }

    /** The exception and its causes, outermost first; a cause that loops back ends the chain. */
    private static List<Throwable> chain(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    /** The message on one line; the class name when there is none. */
    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return m.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
