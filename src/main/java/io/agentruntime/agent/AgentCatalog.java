package io.agentruntime.agent;

import java.util.Optional;

/**
 * The loaded agents. Implementations fire {@link CatalogChanged} after each swap of the snapshot.
 */
public interface AgentCatalog {

    /** The current snapshot; never null once the application has started. */
    CatalogSnapshot snapshot();

    default Optional<AgentDefinition> find(String name) {
        return snapshot().find(name);
    }
}
