package io.agentruntime.agent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;

/** Remembers the last CatalogChanged a test application saw. */
@ApplicationScoped
public class CatalogChangedRecorder {

    private final AtomicLong lastVersion = new AtomicLong();
    private final AtomicLong events = new AtomicLong();

    void onChange(@Observes CatalogChanged changed) {
        lastVersion.set(changed.snapshot().version());
        events.incrementAndGet();
    }

    public long lastVersion() {
        return lastVersion.get();
    }

    public long events() {
        return events.get();
    }
}
