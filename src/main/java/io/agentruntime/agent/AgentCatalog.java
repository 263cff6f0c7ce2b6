package io.agentruntime.agent;

import io.agentruntime.common.Cursors;
import io.agentruntime.common.Page;
import java.util.List;
import java.util.Optional;

/**
 * The agent service: the loaded agents, the problems of the load and the check of one file. Every way
 * in (REST, command mode) calls this interface. Implementations fire {@link CatalogChanged} after each
 * swap of the snapshot.
 */
public interface AgentCatalog {

    /** Prefix of the agent list's cursors: the position is the last agent's name. */
    String CURSOR_KIND = "a";

    /** The current snapshot; never null once the application has started. */
    CatalogSnapshot snapshot();

    default Optional<AgentDefinition> find(String name) {
        return snapshot().find(name);
    }

    /**
     * One page of the agents that match the filter, sorted by name, after the agent the cursor names.
     *
     * @param cursor nextCursor of the previous page; null or blank for the first page
     * @param limit  the page size, already checked (see {@link Cursors#limit(String)})
     * @throws io.agentruntime.common.problem.ProblemException 400 naming {@code cursor} when it was not
     *     made here
     */
    default Page<AgentDefinition> list(AgentFilter filter, String cursor, int limit) {
        String after = Cursors.after(CURSOR_KIND, cursor);
        List<AgentDefinition> rest = snapshot().agents().stream()
                .filter(a -> after == null || a.name().compareTo(after) > 0)
                .filter(filter::matches)
                .limit(limit + 1L)
                .toList();
        List<AgentDefinition> items = rest.stream().limit(limit).toList();
        String next = rest.size() > limit
                ? Cursors.encode(CURSOR_KIND, items.getLast().name())
                : null;
        return new Page<>(items, next);
    }

    /** The problems of the current load with their severity, read together with the snapshot. */
    CatalogProblems problems();

    /**
     * What the loader would make of one file, without loading it.
     *
     * @param fileName the name the file would have (only its last segment counts); may be null
     * @throws io.agentruntime.common.problem.ProblemException 400 naming {@code content} when it is blank
     *     or larger than a file the loader reads
     */
    ParsedAgent validate(String fileName, String content);
}
