package io.agentruntime.provider;

import io.agentruntime.provider.client.ProviderSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the model an agent names ({@code inherit}, an alias, a bare id or {@code provider/model}) and an
 * optional override into a provider and a model. Pure: it knows the configured providers and the model
 * map, nothing else.
 */
final class ModelResolver {

    static final String INHERIT = "inherit";
    static final String NOTHING_CONFIGURED = "No model provider is configured: set ANTHROPIC_API_KEY, or "
            + "OPENAI_BASE_URL / OPENAI_API_KEY, or providers.<name>.base-url";
    private static final int MAX_ALIAS_DEPTH = 8;

    /** Configured providers, sorted by name: the first one is the default for inherit. */
    private final List<ProviderSettings> configured;
    /** Every provider name that appears in the configuration, configured or not. */
    private final Set<String> known;

    private final Optional<String> defaultModel;
    private final Map<String, String> aliases;

    ModelResolver(
            List<ProviderSettings> configured,
            Set<String> known,
            Optional<String> defaultModel,
            Map<String, String> aliases) {
        this.configured = configured.stream()
                .sorted(java.util.Comparator.comparing(ProviderSettings::name))
                .toList();
        this.known = Set.copyOf(known);
        this.defaultModel = defaultModel.filter(d -> !d.isBlank()).map(String::strip);
        this.aliases = new java.util.HashMap<>();
        aliases.forEach((k, v) -> this.aliases.put(k.strip().toLowerCase(Locale.ROOT), v));
    }

    ResolvedModel resolve(String agentModel, String override) {
        if (configured.isEmpty()) {
            throw notConfigured(NOTHING_CONFIGURED);
        }
        String spec = firstNonBlank(override, agentModel, INHERIT);
        return resolveSpec(spec, false, 0);
    }

    /**
     * Every model the configuration itself names: each provider's default model and what each alias and
     * {@code inherit} resolve to. A model a caller makes up is not among them.
     */
    Set<String> configuredModels() {
        if (configured.isEmpty()) {
            return Set.of();
        }
        Set<String> models = new java.util.HashSet<>();
        configured.forEach(p -> p.defaultModel().ifPresent(models::add));
        List<String> specs = new ArrayList<>(aliases.keySet());
        specs.add(INHERIT);
        for (String spec : specs) {
            try {
                models.add(resolveSpec(spec, false, 0).model());
            } catch (ProviderException e) {
                // An alias that cannot be honoured names no model; calls through it fail anyway.
            }
        }
        return Set.copyOf(models);
    }

    /** The provider's own default model, for a fallback or an alias that cannot be honoured. */
    ResolvedModel defaultOf(ProviderSettings p) {
        return new ResolvedModel(
                p.name(),
                p.defaultModel()
                        .orElseThrow(() -> notConfigured("Model provider '" + p.name()
                                + "' has no default model: set providers." + p.name() + ".default-model")));
    }

    private ResolvedModel resolveSpec(String spec, boolean fromConfig, int depth) {
        if (depth > MAX_ALIAS_DEPTH) {
            throw notConfigured("The model aliases loop at '" + spec + "': check models.aliases and models.default");
        }
        String key = spec.strip();
        String alias = aliases.get(key.toLowerCase(Locale.ROOT));
        if (alias != null && !alias.isBlank()) {
            return resolveSpec(alias, true, depth + 1);
        }
        if (key.equalsIgnoreCase(INHERIT)) {
            return defaultModel
                    .filter(d -> !d.equalsIgnoreCase(INHERIT))
                    .map(d -> resolveSpec(d, true, depth + 1))
                    .orElseGet(() -> defaultOf(configured.get(0)));
        }
        int slash = key.indexOf('/');
        if (slash > 0 && known.contains(key.substring(0, slash))) {
            return explicit(key.substring(0, slash), key.substring(slash + 1), fromConfig);
        }
        return bareId(key);
    }

    /** {@code provider/model}; from the model map, a provider that is not configured gives way to the only one. */
    private ResolvedModel explicit(String provider, String model, boolean fromConfig) {
        Optional<ProviderSettings> p = configured(provider);
        if (p.isPresent()) {
            return model.isBlank() ? defaultOf(p.get()) : new ResolvedModel(provider, model);
        }
        if (fromConfig && configured.size() == 1) {
            return defaultOf(configured.get(0));
        }
        throw notConfigured("Model provider '" + provider + "' is not configured: set " + settingsFor(provider)
                + ", or map the model elsewhere with models.aliases");
    }

    /**
     * A model id: claude-* goes to an Anthropic provider, anything else to an OpenAI-compatible one
     * (HuggingFace ids such as Qwen/Qwen2.5-7B-Instruct included). With a single provider configured, an
     * id of the other family runs on that provider's default model.
     */
    private ResolvedModel bareId(String id) {
        ProvidersConfig.Kind kind = id.toLowerCase(Locale.ROOT).startsWith("claude")
                ? ProvidersConfig.Kind.ANTHROPIC
                : ProvidersConfig.Kind.OPENAI;
        Optional<ProviderSettings> p = preferred(kind);
        if (p.isPresent()) {
            return new ResolvedModel(p.get().name(), id);
        }
        if (configured.size() == 1) {
            return defaultOf(configured.get(0));
        }
        String needed = kind == ProvidersConfig.Kind.ANTHROPIC
                ? "an Anthropic provider (ANTHROPIC_API_KEY)"
                : "an OpenAI-compatible provider (OPENAI_API_KEY or OPENAI_BASE_URL)";
        throw notConfigured("Model '" + id + "' needs " + needed + ", or name a provider as <provider>/<model>");
    }

    /** The provider named after the kind wins over others of the same kind; then the first by name. */
    private Optional<ProviderSettings> preferred(ProvidersConfig.Kind kind) {
        String conventional = kind.name().toLowerCase(Locale.ROOT);
        List<ProviderSettings> ofKind = new ArrayList<>();
        for (ProviderSettings p : configured) {
            if (p.kind() == kind) {
                if (p.name().equals(conventional)) {
                    return Optional.of(p);
                }
                ofKind.add(p);
            }
        }
        return ofKind.stream().findFirst();
    }

    private Optional<ProviderSettings> configured(String name) {
        return configured.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static String settingsFor(String provider) {
        return switch (provider) {
            case "anthropic" -> "ANTHROPIC_API_KEY (or ANTHROPIC_BASE_URL)";
            case "openai" -> "OPENAI_API_KEY or OPENAI_BASE_URL";
            default -> "providers." + provider + ".base-url or providers." + provider + ".api-key";
        };
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return INHERIT;
    }

    private static ProviderException notConfigured(String detail) {
        return new ProviderException(ProviderException.Kind.NOT_CONFIGURED, null, 0, null, detail, Map.of(), null);
    }
}
