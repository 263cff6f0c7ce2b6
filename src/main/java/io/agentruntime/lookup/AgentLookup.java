package io.agentruntime.lookup;

import java.util.List;

/** Ranks the catalog's agents for a request written in plain words. */
public interface AgentLookup {

    /** The best {@code limit} agents, best first; empty when nothing matches at all. */
    List<LookupHit> lookup(String query, int limit);

    /** The best {@code limit} agents, best first, and the verdict on them (noMatch when none fits). */
    Answer answer(String query, int limit);

    /** Hits and verdict of one lookup. */
    record Answer(List<LookupHit> hits, Verdict verdict) {}
}
