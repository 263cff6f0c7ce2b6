package io.agentruntime.lookup;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The state of the lookup's embedding signal: whether lookups rank with it now and, when they do not,
 * why. The same in the lookup response, the {@code Agent lookup} liveness check's data and the
 * {@code agent_runtime_lookup_*} gauges.
 *
 * @param state          {@code ready} (lookups are hybrid), {@code loading} (the model loads or embeds the
 *                       agents in the background), {@code disabled} (turned off by setting) or
 *                       {@code failed} (the model cannot run here)
 * @param model          the embedding model
 * @param agents         agents in the catalog
 * @param agentsEmbedded agents of the catalog that have their vectors
 * @param reason         why lookups rank by keywords only; absent when {@code ready}
 */
@Schema(name = "LookupEmbedding", description = "The state of the lookup's embedding signal")
public record LookupEmbedding(
        @Schema(
                enumeration = {"ready", "loading", "disabled", "failed"},
                example = "ready")
        String state,

        @Schema(example = "all-MiniLM-L6-v2-q") String model,

        @Schema(example = "12") int agents,

        @Schema(example = "12") int agentsEmbedded,

        @Schema(nullable = true, example = "turned off by the setting lookup.embedding.enabled=false")
        String reason) {

    public static final String READY = "ready";
    public static final String LOADING = "loading";
    public static final String DISABLED = "disabled";
    public static final String FAILED = "failed";

    /** Whether lookups use the embedding signals now. */
    boolean hybrid() {
        return READY.equals(state);
    }

    /** The mode lookups run in: {@code hybrid} or {@code keyword}. */
    public String mode() {
        return hybrid() ? "hybrid" : "keyword";
    }
}
