package io.agentruntime.provider;

import static io.agentruntime.provider.ProviderFixtures.anthropicDelta;
import static io.agentruntime.provider.ProviderFixtures.anthropicStart;
import static io.agentruntime.provider.ProviderFixtures.ask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentruntime.provider.client.ProviderSettings;
import io.agentruntime.provider.resilience.ResilientProvider;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a call must close its HTTP request. A plain socket server that keeps writing notices when
 * the client goes away, which WireMock cannot tell.
 */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class ProviderCancellationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ObjectMapper json;

    @Inject
    Vertx vertx;

    private HttpServer server;
    private ExecutorService threads;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch answering = new CountDownLatch(1);
    private final CountDownLatch clientGone = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/v1/messages", this::dribble);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Streams a text delta every 50 ms for a long time, or writes JSON-legal blanks before a blocking answer. */
    private void dribble(HttpExchange exchange) throws IOException {
        requested.countDown();
        boolean stream = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                .contains("\"stream\":true");
        exchange.getResponseHeaders().add("Content-Type", stream ? "text/event-stream" : "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            if (stream) {
                out.write(anthropicStart().getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 400; i++) {
                out.write((stream ? anthropicDelta("tick ") : " ").getBytes(StandardCharsets.UTF_8));
                out.flush();
                answering.countDown();
                // The stand-in's own pace: a slow answer, long enough for the test to cancel it midway.
                Thread.sleep(50);
            }
        } catch (IOException e) {
            clientGone.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ResilientProvider provider() {
        ProviderSettings settings = new ProviderSettings(
                "local",
                ProvidersConfig.Kind.ANTHROPIC,
                ProviderSettings.versionedBase(
                        "local", "http://127.0.0.1:" + server.getAddress().getPort()),
                Optional.of("local-key"),
                Optional.of("claude-sonnet-4-6"),
                Duration.ofSeconds(2),
                Duration.ofSeconds(30),
                0,
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                5,
                Duration.ofSeconds(1),
                0,
                false,
                List.of(),
                ProviderFixtures.CONNECTIONS);
        return new ResilientProvider(settings, ProviderRegistry.client(settings, json, vertx));
    }

    @Test
    void cancellingAStreamClosesItsRequest() throws InterruptedException {
        try (ResilientProvider provider = provider()) {
            AssertSubscriber<ChatEvent> events = provider.stream(ask("local", "claude-sonnet-4-6"), "claude-sonnet-4-6")
                    .subscribe()
                    .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            events.awaitItems(2, WAIT);
            events.cancel();

            Awaitility.await()
                    .atMost(WAIT)
                    .alias("the server saw the client go")
                    .until(() -> clientGone.getCount() == 0);
            assertThat(events.getItems()).allMatch(e -> e instanceof ChatEvent.Delta);
            assertThat(events.hasCompleted()).isFalse();
        }
    }

    @Test
    void cancellingABlockingCallClosesItsRequest() throws InterruptedException {
        try (ResilientProvider provider = provider()) {
            UniAssertSubscriber<ChatResult> result = provider.complete(
                            ask("local", "claude-sonnet-4-6"), "claude-sonnet-4-6")
                    .subscribe()
                    .withSubscriber(UniAssertSubscriber.create());
            assertThat(requested.await(10, TimeUnit.SECONDS)).isTrue();
            // Cancel once the answer is under way, not at a guessed moment.
            Awaitility.await().atMost(WAIT).until(() -> answering.getCount() == 0);
            result.cancel();

            Awaitility.await()
                    .atMost(WAIT)
                    .alias("the server saw the client go")
                    .until(() -> clientGone.getCount() == 0);
        }
    }
}
