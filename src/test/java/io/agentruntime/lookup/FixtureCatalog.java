package io.agentruntime.lookup;

import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.CatalogChanged;
import io.agentruntime.agent.CatalogSnapshot;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Alternative;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A catalog for the lookup's HTTP tests until the real one is on main: holds the fixture agents and
 * fires {@link CatalogChanged} on {@link #replace}, as the real catalog does after a reload.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FixtureCatalog implements AgentCatalog {

    private final Event<CatalogChanged> changed;
    private volatile CatalogSnapshot snapshot;

    FixtureCatalog(Event<CatalogChanged> changed) {
        this.changed = changed;
        this.snapshot = snapshotOf(LookupFixtures.agents(), 1);
    }

    @Override
    public CatalogSnapshot snapshot() {
        return snapshot;
    }

    void replace(List<AgentDefinition> agents) {
        snapshot = snapshotOf(agents, snapshot.version() + 1);
        changed.fire(new CatalogChanged(snapshot));
    }

    private static CatalogSnapshot snapshotOf(List<AgentDefinition> agents, long version) {
        List<AgentDefinition> sorted = agents.stream().sorted(Comparator.comparing(AgentDefinition::name)).toList();
        return new CatalogSnapshot(sorted, sorted.stream().collect(Collectors.toMap(AgentDefinition::name,
                Function.identity())), List.of(), version, Instant.now());
    }
}
