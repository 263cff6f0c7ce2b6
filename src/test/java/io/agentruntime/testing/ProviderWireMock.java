package io.agentruntime.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The one stand-in for model providers in the tests: a WireMock server on a dynamic port, injected into
 * the test's field marked {@link InjectWireMock}, and the configuration pointing providers at it. The
 * {@code mode} init arg picks the configuration:
 *
 * <ul>
 *   <li>{@code tasks} (the default): {@code anthropic} at /v1/messages and {@code openai} at
 *       /v1/chat/completions, without retries so that each task makes exactly one call, and the test agents
 *       of src/test/resources/task-agents;
 *   <li>{@code providers}: next to those two, scenario providers each under its own path prefix, so that
 *       its stubs, request counts and circuit breaker are its own (flaky, backup, breaker, stale, slow);
 *   <li>{@code openai-only}: only an OpenAI-compatible server without key or {@code /v1}, like a local
 *       Ollama.
 * </ul>
 */
public class ProviderWireMock implements QuarkusTestResourceLifecycleManager {

    public static final String ANTHROPIC_KEY = "sk-ant-test-SECRET-4711";
    public static final String OPENAI_KEY = "sk-test-openai-SECRET-0815";

    /** Marks the test field that receives the server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectWireMock {}

    private WireMockServer server;
    private String mode = "tasks";

    @Override
    public void init(Map<String, String> initArgs) {
        mode = initArgs.getOrDefault("mode", "tasks");
    }

    @Override
    public Map<String, String> start() {
        // Delayed answers on WireMock's scheduler rather than on held server threads, enough threads and a
        // deep accept queue: the concurrency tests keep hundreds of slow answers open at once, and the
        // stand-in must never drop a connection itself.
        server = new WireMockServer(options()
                .dynamicPort()
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(20)
                .containerThreads(100)
                .jettyAcceptQueueSize(1000));
        server.start();
        String base = server.baseUrl();
        Map<String, String> config = new HashMap<>();
        switch (mode) {
            case "tasks" -> tasks(config, base);
            case "providers" -> providers(config, base);
            case "openai-only" -> {
                // Like OPENAI_BASE_URL=http://localhost:11434 for a local Ollama: no key, no /v1, nothing else.
                config.put("providers.anthropic.api-key", "");
                config.put("providers.anthropic.base-url", "");
                config.put("providers.openai.api-key", "");
                config.put("providers.openai.base-url", base + "/ollama");
                config.put("providers.openai.default-model", "llama3.2");
            }
            default -> throw new IllegalArgumentException("Unknown ProviderWireMock mode " + mode);
        }
        return config;
    }

    private static void tasks(Map<String, String> config, String base) {
        config.put("providers.anthropic.kind", "anthropic");
        config.put("providers.anthropic.base-url", base);
        config.put("providers.anthropic.api-key", ANTHROPIC_KEY);
        config.put("providers.anthropic.default-model", "claude-sonnet-4-6");
        config.put("providers.anthropic.max-retries", "0");
        config.put("providers.openai.kind", "openai");
        config.put("providers.openai.base-url", base + "/v1");
        config.put("providers.openai.api-key", OPENAI_KEY);
        config.put("providers.openai.default-model", "gpt-4o-mini");
        config.put("providers.openai.max-retries", "0");
        // Named, but without key or base URL: not configured.
        config.put("providers.spare.kind", "openai");
        config.put("models.aliases.sonnet", "anthropic/claude-sonnet-4-6");
        config.put("models.aliases.haiku", "anthropic/claude-haiku-4-5");
        config.put(
                "agents.dirs",
                Path.of("src/test/resources/task-agents").toAbsolutePath().toString());
        config.put("agents.include-builtin", "false");
    }

    private static void providers(Map<String, String> config, String base) {
        provider(config, "anthropic", null, base, ANTHROPIC_KEY);
        config.put("providers.anthropic.retry.max-backoff", "2s");
        provider(config, "openai", null, base + "/v1", OPENAI_KEY);
        config.put("providers.openai.default-model", "gpt-4o-mini");
        // Fails before its first byte, then falls back to backup.
        provider(config, "flaky", "anthropic", base + "/flaky", "flaky-key");
        config.put("providers.flaky.default-model", "claude-haiku-4-5");
        config.put("providers.flaky.max-retries", "1");
        config.put("providers.flaky.fallback", "backup");
        provider(config, "backup", "openai", base + "/backup", null);
        config.put("providers.backup.default-model", "backup-model");
        // Opens its circuit after three failures.
        provider(config, "breaker", "openai", base + "/breaker", null);
        config.put("providers.breaker.default-model", "breaker-model");
        config.put("providers.breaker.max-retries", "0");
        config.put("providers.breaker.circuit-breaker.failure-threshold", "3");
        config.put("providers.breaker.circuit-breaker.delay", "700ms");
        // Its connections go stale: no retries of its own, and a circuit that one counted failure opens.
        for (String stale : new String[] {"stale", "stale-twice"}) {
            provider(config, stale, "openai", base + "/" + stale, null);
            config.put("providers." + stale + ".default-model", "stale-model");
            config.put("providers." + stale + ".max-retries", "0");
            config.put("providers." + stale + ".circuit-breaker.failure-threshold", "1");
            config.put("providers." + stale + ".circuit-breaker.delay", "1h");
        }
        // Answers too late.
        provider(config, "slow", "openai", base + "/slow", null);
        config.put("providers.slow.default-model", "slow-model");
        config.put("providers.slow.read-timeout", "300ms");
        config.put("providers.slow.max-retries", "0");
        // Named but without key or URL: not configured.
        config.put("providers.idle.kind", "openai");
        config.put("models.aliases.fast", "backup/small-model");
        config.put("models.aliases.ghost", "idle/some-model");
    }

    private static void provider(Map<String, String> config, String name, String kind, String baseUrl, String key) {
        String prefix = "providers." + name + ".";
        if (kind != null) {
            config.put(prefix + "kind", kind);
        }
        config.put(prefix + "base-url", baseUrl);
        config.put(prefix + "api-key", key == null ? "" : key);
        config.put(prefix + "retry.initial-backoff", "10ms");
        config.put(prefix + "retry.max-backoff", "50ms");
        config.put(prefix + "circuit-breaker.failure-threshold", "100");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
