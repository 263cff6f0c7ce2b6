package io.agentruntime.provider;

import static io.agentruntime.provider.ProviderFixtures.anthropicDelta;
import static io.agentruntime.provider.ProviderFixtures.anthropicEnd;
import static io.agentruntime.provider.ProviderFixtures.anthropicStart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.provider.anthropic.AnthropicApi;
import io.agentruntime.provider.anthropic.AnthropicChatClient;
import io.agentruntime.provider.client.Apis;
import io.agentruntime.provider.client.ChatClient;
import io.agentruntime.provider.client.EventStreams;
import io.agentruntime.provider.client.ProviderErrors;
import io.agentruntime.provider.client.ProviderSettings;
import io.agentruntime.provider.client.UpstreamException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed calls on pooled keep-alive connections, against a server that counts the TCP connections it
 * accepts (WireMock cannot): streams read to their end hand their connection to the next call, streams
 * abandoned halfway close theirs and no other.
 */
class PooledStreamsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int POOL = 20;

    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private Vertx serverVertx;
    private Vertx clientVertx;
    private HttpServer server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        serverVertx = Vertx.vertx();
        clientVertx = Vertx.vertx();
        server = serverVertx
                .createHttpServer()
                .connectionHandler(connection -> {
                    accepted.incrementAndGet();
                    connection.closeHandler(ignored -> closed.incrementAndGet());
                })
                .requestHandler(this::answer)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        serverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** What the server does is named by the last user message. */
    private void answer(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            int n = requests.incrementAndGet();
            String asked = body.toString();
            HttpServerResponse response = request.response();
            if (asked.contains("rate-limit")) {
                response.setStatusCode(429)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("request-id", "req_limited_" + n)
                        .putHeader("retry-after", "7")
                        .end(
                                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");
                return;
            }
            if (asked.contains("hang-up")) {
                // What a server closing an idle keep-alive connection looks like to a call sent on it.
                request.connection().close();
                return;
            }
            response.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("request-id", "req_" + n);
            if (asked.contains("endless")) {
                response.write(anthropicStart());
                long ticks = serverVertx.setPeriodic(20, id -> response.write(anthropicDelta("tick ")));
                response.closeHandler(ignored -> serverVertx.cancelTimer(ticks));
                return;
            }
            if (asked.contains("silent")) {
                response.write(anthropicStart() + anthropicDelta("then nothing"));
                return;
            }
            // Three chunks a few milliseconds apart, cut inside events and inside the two-byte "ü".
            byte[] all = (anthropicStart() + anthropicDelta("Grü") + anthropicDelta("ße") + anthropicEnd())
                    .getBytes(StandardCharsets.UTF_8);
            int umlaut = indexOf(all, "ü".getBytes(StandardCharsets.UTF_8)) + 1;
            List<byte[]> chunks = List.of(
                    Arrays.copyOfRange(all, 0, 37),
                    Arrays.copyOfRange(all, 37, umlaut),
                    Arrays.copyOfRange(all, umlaut, all.length));
            send(response, chunks, 0);
        });
    }

    private void send(HttpServerResponse response, List<byte[]> chunks, int next) {
        if (next == chunks.size()) {
            response.end();
            return;
        }
        response.write(Buffer.buffer(chunks.get(next)));
        serverVertx.setTimer(3, ignored -> send(response, chunks, next + 1));
    }

    @Test
    void sequentialStreamsReuseOneConnection() {
        try (ChatClient client = client(Duration.ofSeconds(30))) {
            for (int i = 0; i < 30; i++) {
                ChatResult done = done(client, "hello");
                assertThat(done.text()).isEqualTo("Grüße");
                assertThat(done.providerRequestId()).isEqualTo("req_" + (i + 1));
                assertThat(done.usage()).isEqualTo(new TokenUsage(25, 15));
            }
            // Usually one: the end reaches the caller once Vert.x has put the connection back in the pool
            // (EventStreams). On a loaded machine a call now and then still finds it busy and opens another.
            assertThat(accepted.get()).as("TCP connections for 30 streams").isLessThanOrEqualTo(3);
            assertThat(closed.get()).isZero();
        }
    }

    @Test
    void hundredsOfConcurrentStreamsShareThePoolWithoutAFailure() throws Exception {
        int calls = 400;
        try (ChatClient client = client(Duration.ofSeconds(30))) {
            List<CompletableFuture<String>> all = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                all.add(text(client.stream(ask("hello"), "claude-sonnet-4-6")));
            }
            assertThat(outcomes(all)).containsExactly(Map.entry("Grüße", calls));
            assertThat(accepted.get())
                    .as("TCP connections for %d streams", calls)
                    .isLessThanOrEqualTo(POOL);
            assertThat(closed.get()).isZero();
        }
    }

    @Test
    void aStreamCancelledHalfwayClosesItsOwnConnectionOnly() {
        try (ChatClient client = client(Duration.ofSeconds(30))) {
            AssertSubscriber<ChatEvent> endless = client.stream(ask("endless"), "claude-sonnet-4-6")
                    .subscribe()
                    .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            endless.awaitItems(3, WAIT);
            // Streams read to their end meanwhile, on a connection of the pool's.
            assertThat(done(client, "hello").text()).isEqualTo("Grüße");
            int before = accepted.get();
            assertThat(closed.get()).isZero();

            endless.cancel();

            Awaitility.await()
                    .atMost(WAIT)
                    .alias("the cancelled stream's connection closed")
                    .until(() -> closed.get() == 1);
            for (int i = 0; i < 10; i++) {
                assertThat(done(client, "hello").text()).isEqualTo("Grüße");
            }
            assertThat(closed.get()).isEqualTo(1);
            assertThat(accepted.get()).isEqualTo(before);
        }
    }

    @Test
    void streamsCancelledAtTheirLastDeltaNeverHurtTheCallsThatGetTheirConnectionsNext() throws Exception {
        int calls = 300;
        int cancelled = 100;
        try (ChatClient client = client(Duration.ofSeconds(30))) {
            List<CompletableFuture<String>> all = new ArrayList<>();
            for (int i = 0; i < calls + cancelled; i++) {
                Multi<ChatEvent> stream = client.stream(ask("hello"), "claude-sonnet-4-6");
                if (i % 4 == 3) {
                    // "ße" comes in the last chunk with the end events: the cancel, from another thread
                    // (as a task's cancel or a timer's), races the response's end.
                    stream.emitOn(Infrastructure.getDefaultWorkerPool())
                            .select()
                            .first(e -> e.equals(new ChatEvent.Delta("ße")))
                            .subscribe()
                            .with(ignored -> {});
                    continue;
                }
                all.add(text(stream));
            }
            assertThat(outcomes(all)).containsExactly(Map.entry("Grüße", calls));
            assertThat(closed.get()).as("connections closed").isLessThanOrEqualTo(cancelled);
            assertThat(accepted.get()).as("TCP connections").isLessThanOrEqualTo(POOL + closed.get());
        }
    }

    @Test
    void aPooledConnectionClosedBeforeTheAnswerIsALostConnectionForAnImmediateRetry() {
        try (ChatClient client = client(Duration.ofSeconds(30))) {
            assertThat(done(client, "hello").text()).isEqualTo("Grüße");
            AssertSubscriber<ChatEvent> dropped = client.stream(ask("hang-up"), "claude-sonnet-4-6")
                    .subscribe()
                    .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            dropped.awaitFailure(WAIT);
            // Raw from the client; ResilientProvider normalizes it the same way before it decides to retry.
            assertThat(ProviderErrors.normalize(dropped.getFailure()))
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.connectionLost()).isTrue();
                        assertThat(e.retryable()).isTrue();
                    });
            assertThat(done(client, "hello").text()).isEqualTo("Grüße");
            assertThat(accepted.get()).isEqualTo(2);
        }
    }

    @Test
    void aSilentStreamTimesOutAndClosesItsConnection() {
        try (ChatClient client = client(Duration.ofMillis(500))) {
            AssertSubscriber<ChatEvent> silent = client.stream(ask("silent"), "claude-sonnet-4-6")
                    .subscribe()
                    .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            silent.awaitFailure(WAIT);
            assertThat(silent.getItems()).containsExactly(new ChatEvent.Delta("then nothing"));
            assertThat(silent.getFailure())
                    .isInstanceOfSatisfying(
                            ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT));
            Awaitility.await().atMost(WAIT).until(() -> closed.get() == 1);
            assertThat(done(client, "hello").text()).isEqualTo("Grüße");
        }
    }

    @Test
    void anErrorStatusIsClassifiedAndItsConnectionReused() {
        try (ChatClient client = client(Duration.ofSeconds(30))) {
            for (int i = 0; i < 10; i++) {
                AssertSubscriber<ChatEvent> limited = client.stream(ask("rate-limit"), "claude-sonnet-4-6")
                        .subscribe()
                        .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
                limited.awaitFailure(WAIT);
                assertThat(limited.getFailure()).isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.providerRequestId()).startsWith("req_limited_");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(e.retryable()).isTrue();
                });
                assertThat(done(client, "hello").text()).isEqualTo("Grüße");
            }
            assertThat(accepted.get()).as("TCP connections for 20 calls").isLessThanOrEqualTo(3);
            assertThat(closed.get()).isZero();
        }
    }

    /** The answer's text, or the failure. */
    private static CompletableFuture<String> text(Multi<ChatEvent> stream) {
        return stream.select()
                .where(e -> e instanceof ChatEvent.Done)
                .map(e -> ((ChatEvent.Done) e).result().text())
                .toUni()
                .onFailure()
                .recoverWithItem(f -> "failed: " + f)
                .subscribeAsCompletionStage();
    }

    private static Map<String, Integer> outcomes(List<CompletableFuture<String>> calls) throws Exception {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (CompletableFuture<String> call : calls) {
            outcomes.merge(call.get(2, TimeUnit.MINUTES), 1, Integer::sum);
        }
        return outcomes;
    }

    private ChatResult done(ChatClient client, String asked) {
        AssertSubscriber<ChatEvent> events = client.stream(ask(asked), "claude-sonnet-4-6")
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitCompletion(WAIT);
        List<ChatEvent> items = events.getItems();
        return ((ChatEvent.Done) items.get(items.size() - 1)).result();
    }

    private static ChatRequest ask(String text) {
        return new ChatRequest(
                new ResolvedModel("local", "claude-sonnet-4-6"),
                null,
                List.of(new ChatMessage(ChatMessage.Role.USER, text)),
                null,
                null);
    }

    private ChatClient client(Duration readTimeout) {
        ProviderSettings settings = new ProviderSettings(
                "local",
                ProvidersConfig.Kind.ANTHROPIC,
                ProviderSettings.versionedBase("local", "http://127.0.0.1:" + server.actualPort()),
                Optional.of("local-key"),
                Optional.of("claude-sonnet-4-6"),
                Duration.ofSeconds(2),
                readTimeout,
                0,
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                5,
                Duration.ofSeconds(1),
                0,
                false,
                List.of(),
                new ProviderSettings.Connections(POOL, -1, true, Duration.ofSeconds(60), false, 1000, Duration.ZERO));
        // The event-stream client alone: streams never touch the REST client, which needs a Quarkus app.
        return new AnthropicChatClient(
                settings,
                new Apis<>(
                        null,
                        new EventStreams(
                                clientVertx,
                                settings,
                                Map.of("x-api-key", "local-key", "anthropic-version", AnthropicChatClient.VERSION),
                                AnthropicApi.REQUEST_ID_HEADER,
                                json)),
                json);
    }

    private static int indexOf(byte[] all, byte[] part) {
        outer:
        for (int i = 0; i <= all.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (all[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
