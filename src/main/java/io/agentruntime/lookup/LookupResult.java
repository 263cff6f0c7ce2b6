package io.agentruntime.lookup;

import java.util.List;

/** The hits of one lookup, whether the embedding signals took part, and the verdict. */
public record LookupResult(List<LookupHit> hits, boolean hybrid, Verdict verdict) {}
