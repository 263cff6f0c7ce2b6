package io.agentruntime.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.provider.anthropic.AnthropicApi;
import io.agentruntime.provider.anthropic.AnthropicChatClient;
import io.agentruntime.provider.client.Apis;
import io.agentruntime.provider.client.ChatClient;
import io.agentruntime.provider.client.EventStreams;
import io.agentruntime.provider.client.ProviderHttpFilter;
import io.agentruntime.provider.client.ProviderSettings;
import io.agentruntime.provider.openai.OpenAiApi;
import io.agentruntime.provider.openai.OpenAiChatClient;
import io.agentruntime.provider.resilience.CallLimiter;
import io.agentruntime.provider.resilience.ResilientProvider;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/**
 * The configured providers, built once at start: settings checked, one REST client and one resilience
 * wrapper per named provider. With no provider configured the service still starts; calls then fail
 * with NOT_CONFIGURED naming the settings to set.
 */
@Startup
@ApplicationScoped
class ProviderRegistry {

    private static final Logger LOG = Logger.getLogger(ProviderRegistry.class);
    private static final Set<String> SECRET_HEADERS = Set.of("x-api-key", "authorization");

    private final Map<String, ResilientProvider> providers = new TreeMap<>();
    private final ModelResolver resolver;

    ProviderRegistry(
            ProvidersConfig providersConfig,
            ModelsConfig modelsConfig,
            ObjectMapper json,
            ProviderMetrics metrics,
            Vertx vertx) {
        List<ProviderSettings> configured = new ArrayList<>();
        providersConfig.named().forEach((name, p) -> {
            if (ProviderSettings.isEnabled(p)) {
                configured.add(ProviderSettings.of(name, p));
            }
        });
        for (ProviderSettings settings : configured) {
            providers.put(
                    settings.name(),
                    new ResilientProvider(
                            settings,
                            metrics.measured(settings.name(), client(settings, json, vertx)),
                            metrics.limited(settings.name(), CallLimiter.of(settings))));
        }
        this.resolver = new ModelResolver(
                configured, providersConfig.named().keySet(), modelsConfig.defaultModel(), modelsConfig.aliases());
        describe();
    }

    ModelResolver resolver() {
        return resolver;
    }

    Optional<ResilientProvider> get(String name) {
        return Optional.ofNullable(name == null ? null : providers.get(name));
    }

    Collection<ResilientProvider> all() {
        return providers.values();
    }

    static ChatClient client(ProviderSettings settings, ObjectMapper json, Vertx vertx) {
        Map<String, String> headers = new LinkedHashMap<>();
        return switch (settings.kind()) {
            case ANTHROPIC -> {
                settings.apiKey().ifPresent(key -> headers.put("x-api-key", key));
                headers.put("anthropic-version", AnthropicChatClient.VERSION);
                yield new AnthropicChatClient(
                        settings,
                        apis(AnthropicApi.class, settings, headers, AnthropicApi.REQUEST_ID_HEADER, json, vertx),
                        json);
            }
            case OPENAI -> {
                settings.apiKey().ifPresent(key -> headers.put("Authorization", "Bearer " + key));
                yield new OpenAiChatClient(
                        settings,
                        apis(OpenAiApi.class, settings, headers, OpenAiApi.REQUEST_ID_HEADER, json, vertx),
                        json);
            }
        };
    }

    /** The REST client for whole answers and the event-stream client for streams (see {@link Apis} for why). */
    private static <T> Apis<T> apis(
            Class<T> api,
            ProviderSettings settings,
            Map<String, String> headers,
            String requestIdHeader,
            ObjectMapper json,
            Vertx vertx) {
        return new Apis<>(
                build(api, settings, new ProviderHttpFilter(headers), settings.connections()),
                new EventStreams(vertx, settings, headers, requestIdHeader, json));
    }

    /** Built by hand rather than injected: several named providers of one kind differ in base URL and key. */
    private static <T> T build(
            Class<T> api, ProviderSettings settings, ProviderHttpFilter filter, ProviderSettings.Connections c) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(settings.baseUri())
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .loggingMaskedHeaders(SECRET_HEADERS)
                // The REST client's defaults (50 connections) suit quick calls, not hundreds of long ones.
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, c.poolSize())
                .property(QuarkusRestClientProperties.KEEP_ALIVE_ENABLED, c.keepAlive())
                .property(QuarkusRestClientProperties.CONNECTION_TTL, (int)
                        c.keepAliveTimeout().toSeconds())
                .property(QuarkusRestClientProperties.HTTP2, c.http2())
                .property(QuarkusRestClientProperties.ALPN, c.http2())
                .httpClientOptionsCustomizer(options -> connections(options, c))
                .register(filter)
                .build(api);
    }

    /** Applied last, over the REST client's own choices, so that these settings are the ones in force. */
    static void connections(HttpClientOptions options, ProviderSettings.Connections c) {
        options.setMaxPoolSize(c.poolSize())
                .setHttp2MaxPoolSize(c.poolSize())
                .setMaxWaitQueueSize(c.waitQueueSize())
                .setKeepAlive(c.keepAlive())
                .setKeepAliveTimeout((int) c.keepAliveTimeout().toSeconds())
                .setHttp2KeepAliveTimeout((int) c.keepAliveTimeout().toSeconds())
                // h2 only where the server agrees to it over TLS; never a clear-text upgrade on a plain URL.
                .setHttp2ClearTextUpgrade(false);
        if (c.http2()) {
            options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true);
        }
    }

    private void describe() {
        if (providers.isEmpty()) {
            LOG.warn(ModelResolver.NOTHING_CONFIGURED);
            return;
        }
        for (ResilientProvider p : providers.values()) {
            ProviderSettings s = p.settings();
            LOG.infof(
                    "Model provider '%s': %s at %s, default model %s, API key %s",
                    s.name(),
                    s.kind().name().toLowerCase(java.util.Locale.ROOT),
                    s.endpointForLog(),
                    s.defaultModel().orElse("(none)"),
                    s.apiKey().isPresent() ? "set" : "not set");
            for (String fallback : s.fallback()) {
                if (!providers.containsKey(fallback)) {
                    LOG.warnf(
                            "Model provider '%s' names fallback '%s', which is not configured; it is skipped",
                            s.name(), fallback);
                }
            }
        }
    }

    @PreDestroy
    void close() {
        providers.values().forEach(ResilientProvider::close);
    }
}
