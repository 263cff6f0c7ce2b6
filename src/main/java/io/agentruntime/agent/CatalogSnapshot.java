package io.agentruntime.agent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, fully loaded catalog. Readers always see one whole snapshot: a reload builds a new one
 * and swaps it in at once.
 *
 * @param agents   sorted by name
 * @param byName   the same agents by name
 * @param problems what the load found
 * @param version  grows by one with every swap
 */
public record CatalogSnapshot(
        List<AgentDefinition> agents,
        Map<String, AgentDefinition> byName,
        List<LoadProblem> problems,
        long version,
        Instant loadedAt) {

    public Optional<AgentDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
