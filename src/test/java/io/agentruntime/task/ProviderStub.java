package io.agentruntime.task;

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
 * One WireMock server on a dynamic port standing in for both provider kinds (Anthropic at
 * /v1/messages, OpenAI-compatible at /v1/chat/completions), and the test agents of
 * src/test/resources/task-agents.
 */
public class ProviderStub implements QuarkusTestResourceLifecycleManager {

    static final String ANTHROPIC_KEY = "sk-ant-task-test-SECRET";
    static final String OPENAI_KEY = "sk-openai-task-test-SECRET";

    /** Marks the test field that receives the server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {}

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options()
                .dynamicPort()
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(20)
                // ConcurrentTasksTest keeps hundreds of slow answers open at once: enough threads and
                // a deep accept queue that the stand-in never drops a connection itself.
                .containerThreads(100)
                .jettyAcceptQueueSize(1000));
        server.start();
        Map<String, String> config = new HashMap<>();
        config.put("providers.anthropic.kind", "anthropic");
        config.put("providers.anthropic.base-url", server.baseUrl());
        config.put("providers.anthropic.api-key", ANTHROPIC_KEY);
        config.put("providers.anthropic.default-model", "claude-sonnet-4-6");
        config.put("providers.anthropic.max-retries", "0");
        config.put("providers.openai.kind", "openai");
        config.put("providers.openai.base-url", server.baseUrl() + "/v1");
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
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(Inject.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
