package io.agentruntime.common;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * A failure that escapes a thread would be printed by the JVM as plain text on stderr, breaking the
 * JSON log of production. Route it through the logger instead (a database outage is reported once).
 */
@ApplicationScoped
class UncaughtFailures {

    private static final Logger LOG = Logger.getLogger(UncaughtFailures.class);

    void install(@Observes StartupEvent start) {
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (!DatabaseOutage.noticed(failure)) {
                LOG.errorf(failure, "Uncaught failure on thread %s", thread.getName());
            }
        });
    }
}
