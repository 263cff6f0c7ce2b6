package io.agentruntime.provider;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The {@code model} label of the meters: a model the configuration names (a provider's default model, the
 * target of an alias or of {@code models.default}), else {@value #OTHER}. A caller may ask for any model
 * string; as a label value each new one would be a new series that Prometheus keeps for good.
 */
@ApplicationScoped
public class ModelLabels {

    /** Any model the configuration does not name. */
    public static final String OTHER = "other";
    /** No model: the task ended before one was chosen. */
    public static final String NONE = "none";

    private final Set<String> configured;

    ModelLabels(ProviderRegistry registry) {
        this.configured = registry.resolver().configuredModels();
    }

    /** The label value for a model asked for, as the provider was called with it. */
    public String of(String model) {
        if (model == null || model.isBlank()) {
            return NONE;
        }
        return configured.contains(model) ? model : OTHER;
    }
}
