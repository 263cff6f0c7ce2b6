package io.agentruntime.lookup;

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
 */
@Schema(
        name = "LookupResponse",
        requiredProperties = {"query", "items", "mode"})
public record LookupResponse(
        @Schema(example = "Our pods keep restarting after the last rollout")
        String query,

        List<LookupHit> items,

        @Schema(
                enumeration = {"hybrid", "keyword"},
                example = "hybrid")
        String mode,

        LookupEmbedding embedding) {}
