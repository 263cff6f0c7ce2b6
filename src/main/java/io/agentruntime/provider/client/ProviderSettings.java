package io.agentruntime.provider.client;

import io.agentruntime.provider.ProvidersConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configured provider, its settings checked and its base URL normalised. The key is kept out of
 * {@link #toString()} so that it can never reach a log line.
 */
public record ProviderSettings(
        String name,
        ProvidersConfig.Kind kind,
        URI baseUri,
        Optional<String> apiKey,
        Optional<String> defaultModel,
        Duration connectTimeout,
        Duration readTimeout,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        int failureThreshold,
        Duration circuitDelay,
        int maxTokensDefault,
        boolean maxCompletionTokens,
        List<String> fallback,
        Connections connections) {

    /** The connection pool and the concurrency limit, checked. */
    public record Connections(
            int poolSize,
            int waitQueueSize,
            boolean keepAlive,
            Duration keepAliveTimeout,
            boolean http2,
            int maxCalls,
            Duration queueTime) {

        public static Connections of(ProvidersConfig.Provider p, URI base) {
            ProvidersConfig.Connections c = p.connections();
            return new Connections(
                    c.poolSize(),
                    c.waitQueueSize(),
                    c.keepAlive(),
                    c.keepAliveTimeout(),
                    c.http2().orElse("https".equals(base.getScheme())),
                    p.concurrency().maxCalls(),
                    p.concurrency().queueTime());
        }
    }

    public static final String ANTHROPIC_BASE = "https://api.anthropic.com";
    public static final String OPENAI_BASE = "https://api.openai.com/v1";
    public static final int ANTHROPIC_MAX_TOKENS = 4096;
    private static final Pattern VERSION_SEGMENT = Pattern.compile("v\\d+[a-z0-9]*");

    /** The provider takes part only with a key or a base URL; empty values count as unset. */
    public static boolean isEnabled(ProvidersConfig.Provider p) {
        return p.apiKey().filter(k -> !k.isBlank()).isPresent()
                || p.baseUrl().filter(u -> !u.isBlank()).isPresent();
    }

    public static ProviderSettings of(String name, ProvidersConfig.Provider p) {
        String base = p.baseUrl()
                .filter(u -> !u.isBlank())
                .orElse(p.kind() == ProvidersConfig.Kind.ANTHROPIC ? ANTHROPIC_BASE : OPENAI_BASE);
        URI uri = versionedBase(name, base);
        int maxTokens = p.maxTokensDefault().orElse(0);
        if (p.maxTokensDefault().isPresent() && maxTokens < 1) {
            throw new IllegalArgumentException("providers." + name + ".max-tokens-default must be at least 1");
        }
        return new ProviderSettings(
                name,
                p.kind(),
                uri,
                p.apiKey().filter(k -> !k.isBlank()).map(String::strip),
                p.defaultModel().filter(m -> !m.isBlank()),
                p.connectTimeout(),
                p.readTimeout(),
                p.maxRetries(),
                p.retry().initialBackoff(),
                p.retry().maxBackoff(),
                p.circuitBreaker().failureThreshold(),
                p.circuitBreaker().delay(),
                maxTokens,
                completionTokens(p.tokenLimitField(), uri),
                p.fallback().orElse(List.of()),
                Connections.of(p, uri));
    }

    /** OpenAI itself wants max_completion_tokens (its reasoning models refuse max_tokens); others know max_tokens. */
    public static boolean completionTokens(ProvidersConfig.TokenLimitField field, URI base) {
        return switch (field) {
            case MAX_COMPLETION_TOKENS -> true;
            case MAX_TOKENS -> false;
            case AUTO -> "api.openai.com".equalsIgnoreCase(base.getHost());
        };
    }

    /**
     * The base the API paths are resolved against, ending in its version segment. Both conventions are
     * accepted: {@code https://api.openai.com/v1} (the OPENAI_BASE_URL habit) and
     * {@code http://localhost:11434} (gets {@code /v1}); a base already holding a version segment anywhere
     * in its path, such as {@code /v1beta/openai}, is kept as it is.
     */
    public static URI versionedBase(String name, String base) {
        URI uri;
        try {
            uri = URI.create(base.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("providers." + name + ".base-url is not a valid URL", e);
        }
        if (uri.getScheme() == null
                || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("providers." + name + ".base-url must be an http(s) URL");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        boolean versioned = false;
        for (String segment : path.split("/")) {
            versioned |= VERSION_SEGMENT.matcher(segment).matches();
        }
        String versionedPath = versioned ? path : path + "/v1";
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + versionedPath);
    }

    /** Where the requests go, without any user info, for logs. */
    public String endpointForLog() {
        return baseUri.getScheme() + "://" + baseUri.getHost() + (baseUri.getPort() < 0 ? "" : ":" + baseUri.getPort())
                + baseUri.getPath();
    }

    @Override
    public String toString() {
        return "ProviderSettings[" + name + ", " + kind + ", " + endpointForLog() + ", key "
                + (apiKey.isPresent() ? "set" : "unset") + "]";
    }
}
