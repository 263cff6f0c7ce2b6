package io.agentruntime.lookup.api;

import io.agentruntime.lookup.LookupEmbedding;
import io.agentruntime.lookup.LookupHit;
import io.agentruntime.lookup.Verdict;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a lookup.
 *
 * @param query the query as asked
 * @param items the best agents, best first, each with why it ranked there
 * @param mode      {@code hybrid} when keywords and embeddings ranked together, {@code keyword} otherwise
 * @param embedding the state of the embedding signal: the model, how many agents have vectors and, in
 *                  {@code keyword} mode, why
 * @param verdict       {@code confident}, {@code ambiguous} or {@code noMatch}
 * @param verdictAgents the agents the verdict is about: the first; the first two; the closest ones
 * @param verdictReason the verdict in words
 */
@Schema(
        name = "LookupResponse",
        requiredProperties = {"query", "items", "mode", "embedding", "verdict", "verdictAgents"})
public record LookupResponse(
        @Schema(example = "Our pods keep restarting after the last rollout")
        String query,

        List<LookupHit> items,

        @Schema(
                enumeration = {"hybrid", "keyword"},
                example = "hybrid")
        String mode,

        LookupEmbedding embedding,

        @Schema(
                description = "confident: the first agent fits; ambiguous: the first two fit about equally well "
                        + "(both named in verdictAgents); noMatch: no agent covers the request (the closest are "
                        + "named)",
                enumeration = {Verdict.CONFIDENT, Verdict.AMBIGUOUS, Verdict.NO_MATCH},
                example = Verdict.CONFIDENT)
        String verdict,

        @Schema(description = "The agents the verdict is about", example = "[\"devops-kubernetes-engineer\"]")
        List<String> verdictAgents,

        @Schema(
                description = "The verdict in words",
                example = "'devops-kubernetes-engineer' fits the request best by a margin")
        String verdictReason) {}
