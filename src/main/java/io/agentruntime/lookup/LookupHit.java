package io.agentruntime.lookup;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One ranked agent and why it ranked there.
 *
 * @param name         the agent
 * @param description  its description prose
 * @param score        the combined score (higher is better; comparable within one answer only)
 * @param confidence   how likely this agent is the one the request needs, 0 to 1, calibrated on the
 *                     shared routing corpus and on out-of-domain requests (bench/lookup.sh)
 * @param matchedTerms query terms found in the agent's text
 * @param passages     the passages (description or system-prompt lines) that matched best
 * @param signals      each signal's contribution to the score (e.g. "bm25", "embedding")
 */
@Schema(
        name = "LookupHit",
        requiredProperties = {"name", "description", "score", "matchedTerms", "passages", "signals"})
public record LookupHit(
        String name,
        String description,
        double score,
        double confidence,
        List<String> matchedTerms,
        List<String> passages,
        Map<String, Double> signals) {}
