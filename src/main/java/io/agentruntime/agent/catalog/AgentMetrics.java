package io.agentruntime.agent.catalog;

import io.agentruntime.agent.AgentProblem;
import io.agentruntime.common.Metrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Catalog gauges for Prometheus: {@code agent_runtime_catalog_agents} and
 * {@code agent_runtime_catalog_problems{severity}}. Read from the current snapshot at each scrape, so a
 * reload shows without any bookkeeping here.
 */
@ApplicationScoped
class AgentMetrics {

    private final FileAgentCatalog catalog;
    private final MeterRegistry registry;
    private final List<Gauge> gauges = new ArrayList<>();

    AgentMetrics(FileAgentCatalog catalog, MeterRegistry registry) {
        this.catalog = catalog;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        gauges.add(Gauge.builder(
                        Metrics.name("catalog.agents"),
                        catalog,
                        c -> c.snapshot().agents().size())
                .description("Agents in the loaded catalog")
                .strongReference(true)
                .register(registry));
        for (AgentProblem.Severity severity : AgentProblem.Severity.values()) {
            gauges.add(Gauge.builder(
                            Metrics.name("catalog.problems"),
                            catalog,
                            c -> c.state().problems().stream()
                                    .filter(p -> p.severity() == severity)
                                    .count())
                    .description("Problems found by the last catalog load (ERROR: something was dropped)")
                    .tag("severity", severity.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry));
        }
    }

    /** The registry can outlive the application (dev-mode reloads, test restarts): no gauge may keep this catalog. */
    void unregister(@Observes ShutdownEvent event) {
        gauges.forEach(registry::remove);
    }
}
