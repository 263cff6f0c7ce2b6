package io.agentruntime.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentruntime.provider.ProvidersConfig.Kind;
import io.agentruntime.provider.client.ProviderSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

public class ModelResolverTest {

    static final Map<String, String> CLAUDE_ALIASES = Map.of(
            "sonnet",
            "anthropic/claude-sonnet-4-6",
            "opus",
            "anthropic/claude-opus-4-7",
            "haiku",
            "anthropic/claude-haiku-4-5");
    static final Set<String> KNOWN = Set.of("anthropic", "openai");

    public static ProviderSettings provider(String name, Kind kind, String defaultModel) {
        return new ProviderSettings(
                name,
                kind,
                ProviderSettings.versionedBase(name, "http://localhost:1"),
                Optional.empty(),
                Optional.ofNullable(defaultModel),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                0,
                Duration.ofMillis(1),
                Duration.ofMillis(1),
                1,
                Duration.ofSeconds(1),
                0,
                false,
                List.of(),
                ProviderFixtures.CONNECTIONS);
    }

    @Test
    void withOnlyAnOpenAiCompatibleServerEveryAliasRunsOnItsDefaultModel() {
        ModelResolver resolver = new ModelResolver(
                List.of(provider("openai", Kind.OPENAI, "llama3.2")), KNOWN, Optional.empty(), CLAUDE_ALIASES);
        ResolvedModel local = new ResolvedModel("openai", "llama3.2");

        assertThat(resolver.resolve("inherit", null)).isEqualTo(local);
        assertThat(resolver.resolve("sonnet", null)).isEqualTo(local);
        assertThat(resolver.resolve("opus", null)).isEqualTo(local);
        assertThat(resolver.resolve("haiku", null)).isEqualTo(local);
        assertThat(resolver.resolve("claude-opus-4-7", null)).isEqualTo(local);
        assertThat(resolver.resolve("qwen2.5:7b", null)).isEqualTo(new ResolvedModel("openai", "qwen2.5:7b"));
    }

    @Test
    void withOnlyAnthropicOpenAiIdsRunOnClaude() {
        ModelResolver resolver = new ModelResolver(
                List.of(provider("anthropic", Kind.ANTHROPIC, "claude-sonnet-4-6")),
                KNOWN,
                Optional.empty(),
                CLAUDE_ALIASES);

        assertThat(resolver.resolve("opus", null)).isEqualTo(new ResolvedModel("anthropic", "claude-opus-4-7"));
        assertThat(resolver.resolve("gpt-4o", null)).isEqualTo(new ResolvedModel("anthropic", "claude-sonnet-4-6"));
    }

    @Test
    void explicitProviderThatIsNotConfiguredIsNotSilentlyReplaced() {
        ModelResolver resolver = new ModelResolver(
                List.of(provider("openai", Kind.OPENAI, "llama3.2")), KNOWN, Optional.empty(), CLAUDE_ALIASES);

        assertThatThrownBy(() -> resolver.resolve("anthropic/claude-opus-4-7", null))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_CONFIGURED);
                    assertThat(e.getMessage()).contains("ANTHROPIC_API_KEY");
                });
    }

    @Test
    void nothingConfiguredNamesTheSettings() {
        ModelResolver resolver = new ModelResolver(List.of(), KNOWN, Optional.empty(), CLAUDE_ALIASES);

        assertThatThrownBy(() -> resolver.resolve("sonnet", null))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_CONFIGURED);
                    assertThat(e.type().status()).isEqualTo(503);
                    assertThat(e.getMessage())
                            .contains("ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "providers.<name>.base-url");
                });
    }

    @Test
    void modelsDefaultDecidesWhatInheritMeans() {
        ModelResolver resolver = new ModelResolver(
                List.of(
                        provider("anthropic", Kind.ANTHROPIC, "claude-sonnet-4-6"),
                        provider("openai", Kind.OPENAI, "gpt-4o-mini")),
                KNOWN,
                Optional.of("openai/gpt-4.1"),
                CLAUDE_ALIASES);

        assertThat(resolver.resolve(null, null)).isEqualTo(new ResolvedModel("openai", "gpt-4.1"));
        assertThat(resolver.resolve("inherit", "haiku")).isEqualTo(new ResolvedModel("anthropic", "claude-haiku-4-5"));
    }

    @Test
    void modelsDefaultMayBeAnAliasAndAliasesMayChain() {
        ModelResolver resolver = new ModelResolver(
                List.of(provider("anthropic", Kind.ANTHROPIC, "claude-sonnet-4-6")),
                KNOWN,
                Optional.of("Smart"),
                Map.of("smart", "opus", "opus", "anthropic/claude-opus-4-7"));

        assertThat(resolver.resolve("inherit", null)).isEqualTo(new ResolvedModel("anthropic", "claude-opus-4-7"));
    }

    @Test
    void aliasLoopsAreReported() {
        ModelResolver resolver = new ModelResolver(
                List.of(provider("openai", Kind.OPENAI, "m")), KNOWN, Optional.empty(), Map.of("a", "b", "b", "a"));

        assertThatThrownBy(() -> resolver.resolve("a", null))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.getMessage()).contains("loop"));
    }

    @Test
    void aProviderWithoutDefaultModelSaysSo() {
        ModelResolver resolver = new ModelResolver(
                List.of(provider("local", Kind.OPENAI, null)), Set.of("local"), Optional.empty(), Map.of());

        assertThatThrownBy(() -> resolver.resolve("inherit", null))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.getMessage()).contains("providers.local.default-model"));
        assertThat(resolver.resolve("local/mistral", null)).isEqualTo(new ResolvedModel("local", "mistral"));
    }

    @Test
    void theProviderNamedAfterTheKindWinsForBareIds() {
        ModelResolver resolver = new ModelResolver(
                List.of(
                        provider("azure", Kind.OPENAI, "a"),
                        provider("openai", Kind.OPENAI, "b"),
                        provider("vllm", Kind.OPENAI, "c")),
                Set.of("azure", "openai", "vllm"),
                Optional.empty(),
                Map.of());

        assertThat(resolver.resolve("gpt-4o", null)).isEqualTo(new ResolvedModel("openai", "gpt-4o"));
        assertThat(resolver.resolve("inherit", null)).isEqualTo(new ResolvedModel("azure", "a"));
    }

    /** The models a metric label may name: what the configuration names, never what a caller makes up. */
    @Test
    void configuredModelsAreTheDefaultsAndWhatAliasesResolveTo() {
        ModelResolver resolver = new ModelResolver(
                List.of(
                        provider("anthropic", Kind.ANTHROPIC, "claude-sonnet-4-6"),
                        provider("openai", Kind.OPENAI, "gpt-4o-mini")),
                KNOWN,
                Optional.of("fast"),
                Map.of("fast", "openai/gpt-4.1-nano", "opus", "anthropic/claude-opus-4-7"));

        assertThat(resolver.configuredModels())
                .containsExactlyInAnyOrder("claude-sonnet-4-6", "gpt-4o-mini", "gpt-4.1-nano", "claude-opus-4-7");
        assertThat(new ModelResolver(List.of(), KNOWN, Optional.empty(), CLAUDE_ALIASES).configuredModels())
                .isEmpty();
    }
}
