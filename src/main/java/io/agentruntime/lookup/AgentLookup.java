package io.agentruntime.lookup;

import java.util.List;

/** Ranks the catalog's agents for a request written in plain words. */
public interface AgentLookup {

    /** The best {@code limit} agents, best first; empty when nothing matches at all. */
    List<LookupHit> lookup(String query, int limit);

    /** The best {@code limit} agents, best first, and the verdict on them (noMatch when none fits). */
    Answer answer(String query, int limit);

    /**
     * The best agents, best first, with the verdict and whether the embedding signals took part.
     *
     * @param limit how many agents at most; null for lookup.default-limit
     * @throws io.agentruntime.common.problem.ProblemException 400 naming {@code limit} when it is outside
     *     1 to lookup.max-limit
     */
    LookupResult search(String query, Integer limit);

    /** The state of the embedding signal, and why it is off when it is. */
    LookupEmbedding embeddingState();

    /** Hits and verdict of one lookup. */
    record Answer(List<LookupHit> hits, Verdict verdict) {}
}
