package io.agentruntime.lookup.rank;

import io.agentruntime.common.Metrics;
import io.agentruntime.lookup.LookupEmbedding;
import io.agentruntime.lookup.embed.Embedder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * Gauges of the lookup's embedding signal: {@code agent_runtime_lookup_hybrid} (1 when lookups rank with
 * embeddings), {@code agent_runtime_lookup_agents_embedded}, and {@code agent_runtime_lookup_embedding_state}
 * (1 for the current state, 0 for the others; a bounded set of label values), and
 * {@code agent_runtime_lookup_agent_vectors_total} by {@code source} ({@code model}, {@code shipped},
 * {@code cache}): a start with the vectors the build shipped counts no built-in agent under {@code model}.
 */
@ApplicationScoped
class LookupMetrics {

    private static final List<String> STATES =
            List.of(LookupEmbedding.READY, LookupEmbedding.LOADING, LookupEmbedding.DISABLED, LookupEmbedding.FAILED);

    private final CatalogLookup lookup;
    private final MeterRegistry registry;
    private final List<Meter> gauges = new ArrayList<>();

    LookupMetrics(CatalogLookup lookup, MeterRegistry registry) {
        this.lookup = lookup;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        gauges.add(Gauge.builder(Metrics.name("lookup.hybrid"), lookup, l -> l.hybrid() ? 1 : 0)
                .description("1 when lookups rank with the embedding model as well as keywords, else 0")
                .tag("model", Embedder.MODEL)
                .strongReference(true)
                .register(registry));
        gauges.add(Gauge.builder(
                        Metrics.name("lookup.agents.embedded"),
                        lookup,
                        l -> l.embeddingState().agentsEmbedded())
                .description("Agents of the catalog that have their embedding vectors")
                .strongReference(true)
                .register(registry));
        for (String source : List.of("model", "shipped", "cache")) {
            gauges.add(FunctionCounter.builder(Metrics.name("lookup.agent.vectors"), lookup, l -> l.vectorsFrom(source))
                    .description("Agents the lookup got embedding vectors for since start, by source: computed by"
                            + " the model now, shipped with the build (built-in agents), or from the cache")
                    .tag("source", source)
                    .register(registry));
        }
        for (String state : STATES) {
            gauges.add(Gauge.builder(
                            Metrics.name("lookup.embedding.state"),
                            lookup,
                            l -> state.equals(l.embeddingState().state()) ? 1 : 0)
                    .description("1 for the embedding signal's current state (ready, loading, disabled, failed)")
                    .tag("state", state)
                    .strongReference(true)
                    .register(registry));
        }
    }

    /** The registry can outlive the application (dev-mode reloads, test restarts): no gauge may keep the lookup. */
    void unregister(@Observes ShutdownEvent event) {
        gauges.forEach(registry::remove);
    }
}
