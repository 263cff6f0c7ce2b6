package io.agentruntime.lookup;

import java.util.List;

/** The hits of one lookup and whether the embedding signals took part. */
record LookupResult(List<LookupHit> hits, boolean hybrid) {}
