package io.agentruntime.lookup.rank;

import io.agentruntime.lookup.LookupEmbedding;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Reports the lookup's mode and embedding state in {@code /q/health/live} (and {@code /q/health}). Always
 * UP: without the model lookups still answer by keywords, so neither liveness nor readiness may depend on
 * it; this check only makes the state visible to an operator.
 */
@Liveness
@ApplicationScoped
public class LookupHealthCheck implements HealthCheck {

    static final String NAME = "Agent lookup";

    private final CatalogLookup lookup;

    LookupHealthCheck(CatalogLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public HealthCheckResponse call() {
        LookupEmbedding state = lookup.embeddingState();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .up()
                .withData("mode", state.mode())
                .withData("embedding", state.state())
                .withData("model", state.model())
                .withData("agents", state.agents())
                .withData("agentsEmbedded", state.agentsEmbedded());
        if (state.reason() != null) {
            response.withData("reason", state.reason());
        }
        return response.build();
    }
}
