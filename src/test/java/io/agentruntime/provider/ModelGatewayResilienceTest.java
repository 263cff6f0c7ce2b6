package io.agentruntime.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.agentruntime.provider.ProviderFixtures.anthropicDelta;
import static io.agentruntime.provider.ProviderFixtures.anthropicEnd;
import static io.agentruntime.provider.ProviderFixtures.anthropicError;
import static io.agentruntime.provider.ProviderFixtures.anthropicMessage;
import static io.agentruntime.provider.ProviderFixtures.anthropicStart;
import static io.agentruntime.provider.ProviderFixtures.anthropicStreamError;
import static io.agentruntime.provider.ProviderFixtures.ask;
import static io.agentruntime.provider.ProviderFixtures.openAiCompletion;
import static io.agentruntime.provider.ProviderFixtures.openAiError;
import static io.agentruntime.provider.ProviderFixtures.openAiStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.agentruntime.provider.ProviderException.Kind;
import io.agentruntime.provider.resilience.CircuitBreaker;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Errors, retries, the circuit breaker, fallback and cancellation, through the ModelGateway bean. */
@QuarkusTest
@WithTestResource(value = ProviderWireMock.class, initArgs = @ResourceArg(name = "mode", value = "providers"))
class ModelGatewayResilienceTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @ProviderWireMock.InjectWireMock
    WireMockServer wireMock;

    @Inject
    ModelGateway gateway;

    @Inject
    ProviderRegistry registry;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void rateLimitIsRetriedAfterTheProvidersRetryAfter() {
        wireMock.stubFor(post("/v1/messages")
                .inScenario("429")
                .whenScenarioStateIs(STARTED)
                .willReturn(json(429, anthropicError("rate_limit_error", "Number of request tokens has exceeded"))
                        .withHeader("retry-after", "1"))
                .willSetStateTo("retried"));
        wireMock.stubFor(post("/v1/messages")
                .inScenario("429")
                .whenScenarioStateIs("retried")
                .willReturn(json(200, anthropicMessage("after the wait"))));

        long started = System.nanoTime();
        ChatResult result =
                gateway.complete(ask("anthropic", "claude-sonnet-4-6")).await().atMost(WAIT);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.text()).isEqualTo("after the wait");
        wireMock.verify(2, postRequestedFor(urlEqualTo("/v1/messages")));
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(1000);
        assertThat(result.providerMillis()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void badRequestIsNotRetriedAndItsBodyStaysOut() {
        wireMock.stubFor(post("/v1/messages")
                .willReturn(
                        json(400, anthropicError("invalid_request_error", "messages: roles must alternate SECRET-BODY"))
                                .withHeader("request-id", "req_bad_1")));

        ProviderException e = failure(gateway.complete(ask("anthropic", "claude-sonnet-4-6")));

        assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(e.provider()).isEqualTo("anthropic");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.providerRequestId()).isEqualTo("req_bad_1");
        assertThat(e.getMessage())
                .contains("'anthropic'", "HTTP 400", "req_bad_1")
                .doesNotContain("SECRET-BODY", "roles must alternate");
        wireMock.verify(1, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    void unknownModelIsABadRequest() {
        wireMock.stubFor(post("/v1/chat/completions")
                .willReturn(json(
                        404,
                        openAiError("invalid_request_error", "model_not_found", "The model `gpt-9` does not exist"))));

        ProviderException e = failure(gateway.complete(ask("openai", "gpt-9")));

        assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(e.getMessage()).contains("does not know the requested model").doesNotContain("gpt-9");
        wireMock.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void exhaustedQuotaIsNotRetried() {
        wireMock.stubFor(post("/v1/chat/completions")
                .willReturn(json(
                                429,
                                openAiError(
                                        "insufficient_quota",
                                        "insufficient_quota",
                                        "You exceeded your current quota, please check your plan and billing details."))
                        .withHeader("x-request-id", "req_quota")));

        ProviderException e = failure(gateway.complete(ask("openai", "gpt-4o-mini")));

        assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(e.type().status()).isEqualTo(502);
        assertThat(e.getMessage()).contains("quota", "req_quota").doesNotContain("check your plan");
        wireMock.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void exhaustedQuotaOnAStreamIsNotRetriedEither() {
        wireMock.stubFor(post("/v1/chat/completions")
                .willReturn(json(
                        429,
                        openAiError(
                                "insufficient_quota",
                                "insufficient_quota",
                                "You exceeded your current quota, please check your plan and billing details."))));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("openai", "gpt-4o-mini"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitFailure(WAIT);

        assertThat(events.getFailure())
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void rateLimitsThatOutlastTheRetriesTellCallersWhenToComeBack() {
        wireMock.stubFor(post("/v1/chat/completions")
                .willReturn(
                        json(429, openAiError("requests", "rate_limit_exceeded", "Rate limit reached for gpt-4o-mini"))
                                .withHeader("retry-after-ms", "20")
                                .withHeader("retry-after", "7")));

        ProviderException e = failure(gateway.complete(ask("openai", "gpt-4o-mini")));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.type().status()).isEqualTo(503);
        assertThat(e.headers()).containsEntry("Retry-After", "1");
        wireMock.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void overloadedIsRetried() {
        wireMock.stubFor(post("/v1/messages")
                .inScenario("529")
                .whenScenarioStateIs(STARTED)
                .willReturn(json(529, anthropicError("overloaded_error", "Overloaded")))
                .willSetStateTo("once"));
        wireMock.stubFor(post("/v1/messages")
                .inScenario("529")
                .whenScenarioStateIs("once")
                .willReturn(json(529, anthropicError("overloaded_error", "Overloaded")))
                .willSetStateTo("twice"));
        wireMock.stubFor(post("/v1/messages")
                .inScenario("529")
                .whenScenarioStateIs("twice")
                .willReturn(json(200, anthropicMessage("finally"))));

        ChatResult result =
                gateway.complete(ask("anthropic", "claude-sonnet-4-6")).await().atMost(WAIT);

        assertThat(result.text()).isEqualTo("finally");
        wireMock.verify(3, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    void overloadedAfterTheLastRetryFailsAsOverloaded() {
        wireMock.stubFor(post("/v1/messages").willReturn(json(529, anthropicError("overloaded_error", "Overloaded"))));

        ProviderException e = failure(gateway.complete(ask("anthropic", "claude-sonnet-4-6")));

        assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(e.headers()).containsKey("Retry-After");
        wireMock.verify(3, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    void anErrorEventBeforeAnyTextIsRetried() {
        wireMock.stubFor(post("/v1/messages")
                .inScenario("mid")
                .whenScenarioStateIs(STARTED)
                .willReturn(sse(anthropicStart() + anthropicStreamError("overloaded_error")))
                .willSetStateTo("again"));
        wireMock.stubFor(post("/v1/messages")
                .inScenario("mid")
                .whenScenarioStateIs("again")
                .willReturn(sse(anthropicStart() + anthropicDelta("second try") + anthropicEnd())));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("anthropic", "claude-sonnet-4-6"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitCompletion(WAIT);

        assertThat(events.getItems()).first().isEqualTo(new ChatEvent.Delta("second try"));
        assertThat(events.getItems()).last().isInstanceOf(ChatEvent.Done.class);
        wireMock.verify(2, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    void circuitOpensAfterConsecutiveFailuresThenProbes() {
        wireMock.stubFor(post("/breaker/v1/chat/completions")
                .willReturn(json(500, openAiError("server_error", null, "The server had an error"))));
        for (int i = 0; i < 3; i++) {
            assertThat(failure(gateway.complete(ask("breaker", "breaker-model")))
                            .kind())
                    .isEqualTo(Kind.UPSTREAM);
        }

        ProviderException open = failure(gateway.complete(ask("breaker", "breaker-model")));

        assertThat(open.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
        assertThat(open.type().status()).isEqualTo(503);
        assertThat(open.headers()).containsKey("Retry-After");

        wireMock.stubFor(post("/breaker/v1/chat/completions")
                .willReturn(json(200, openAiCompletion("breaker-model", "back again"))));
        assertThat(failure(gateway.complete(ask("breaker", "breaker-model"))).kind())
                .isEqualTo(Kind.CIRCUIT_OPEN);
        wireMock.verify(3, postRequestedFor(urlEqualTo("/breaker/v1/chat/completions")));
        Awaitility.await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(ProviderException.class)
                .untilAsserted(() -> assertThat(gateway.complete(ask("breaker", "breaker-model"))
                                .await()
                                .atMost(WAIT)
                                .text())
                        .isEqualTo("back again"));
        assertThat(registry.get("breaker").orElseThrow().circuit()).isEqualTo(CircuitBreaker.State.CLOSED);
        wireMock.verify(4, postRequestedFor(urlEqualTo("/breaker/v1/chat/completions")));
    }

    @Test
    void fallsBackToTheNextProviderBeforeAnswering() {
        wireMock.stubFor(post("/flaky/v1/messages").willReturn(json(503, anthropicError("api_error", "down"))));
        wireMock.stubFor(post("/backup/v1/chat/completions")
                .willReturn(json(200, openAiCompletion("backup-model", "from the backup"))));

        ChatResult result =
                gateway.complete(ask("flaky", "claude-haiku-4-5")).await().atMost(WAIT);

        assertThat(result.text()).isEqualTo("from the backup");
        assertThat(result.provider()).isEqualTo("backup");
        assertThat(result.model()).isEqualTo("backup-model");
        wireMock.verify(2, postRequestedFor(urlEqualTo("/flaky/v1/messages")));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/backup/v1/chat/completions")));
    }

    @Test
    void aStreamFallsBackWhenItFailsBeforeItsFirstText() {
        wireMock.stubFor(post("/flaky/v1/messages").willReturn(json(529, anthropicError("overloaded_error", "x"))));
        wireMock.stubFor(
                post("/backup/v1/chat/completions").willReturn(sse(openAiStream("backup-model", "plan ", "B"))));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("flaky", "claude-haiku-4-5"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitCompletion(WAIT);

        assertThat(events.getItems()).startsWith(new ChatEvent.Delta("plan "), new ChatEvent.Delta("B"));
        ChatResult done = ((ChatEvent.Done) events.getItems().get(2)).result();
        assertThat(done.provider()).isEqualTo("backup");
        assertThat(done.text()).isEqualTo("plan B");
    }

    @Test
    void aStreamThatFailsAfterTextNeitherRetriesNorFallsBack() {
        wireMock.stubFor(post("/flaky/v1/messages")
                .willReturn(
                        sse(anthropicStart() + anthropicDelta("Half an ") + anthropicStreamError("overloaded_error"))));
        wireMock.stubFor(
                post("/backup/v1/chat/completions").willReturn(sse(openAiStream("backup-model", "duplicate"))));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("flaky", "claude-haiku-4-5"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitFailure(WAIT);

        assertThat(events.getItems()).containsExactly(new ChatEvent.Delta("Half an "));
        assertThat(events.getFailure()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
            assertThat(e.provider()).isEqualTo("flaky");
            assertThat(e.getMessage()).contains("middle of the stream");
        });
        wireMock.verify(1, postRequestedFor(urlEqualTo("/flaky/v1/messages")));
        wireMock.verify(0, postRequestedFor(urlEqualTo("/backup/v1/chat/completions")));
    }

    @Test
    void anOpenAiCompatibleStreamThatReportsAnErrorAfterTextFails() {
        String chunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Par\"},\"finish_reason\":null}]}\n\n";
        String error = "data: {\"error\":{\"message\":\"upstream died SECRET-BODY\",\"type\":\"server_error\"}}\n\n";
        wireMock.stubFor(post("/v1/chat/completions").willReturn(sse(chunk + error)));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("openai", "gpt-4o-mini"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitFailure(WAIT);

        assertThat(events.getItems()).containsExactly(new ChatEvent.Delta("Par"));
        assertThat(events.getFailure()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UPSTREAM);
            assertThat(e.getMessage()).contains("'openai'").doesNotContain("SECRET-BODY", "upstream died");
        });
        wireMock.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void aStreamCutShortFails() {
        wireMock.stubFor(post("/v1/messages").willReturn(sse(anthropicStart() + anthropicDelta("Trunc"))));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("anthropic", "claude-sonnet-4-6"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitFailure(WAIT);

        assertThat(events.getItems()).containsExactly(new ChatEvent.Delta("Trunc"));
        assertThat(events.getFailure())
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.getMessage()).contains("ended before the answer was complete"));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    void cancellingAStreamStopsIt() {
        String body = anthropicStart()
                + anthropicDelta("one")
                + anthropicDelta("two")
                + anthropicDelta("three")
                + anthropicDelta("four")
                + anthropicEnd();
        wireMock.stubFor(post("/v1/messages").willReturn(sse(body).withChunkedDribbleDelay(40, 4000)));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("anthropic", "claude-sonnet-4-6"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitItems(1, WAIT);
        events.cancel();
        int seen = events.getItems().size();

        Awaitility.await()
                .during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(events.getItems()).hasSize(seen));
        assertThat(events.getItems()).noneMatch(e -> e instanceof ChatEvent.Done);
        assertThat(events.isCancelled()).isTrue();
        assertThat(events.hasCompleted()).isFalse();
    }

    @Test
    void aSilentProviderTimesOut() {
        wireMock.stubFor(post("/slow/v1/chat/completions")
                .willReturn(
                        json(200, openAiCompletion("slow-model", "too late")).withFixedDelay(2000)));

        ProviderException e = failure(gateway.complete(ask("slow", "slow-model")));

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.type().status()).isEqualTo(504);
        assertThat(e.getMessage()).contains("providers.slow.read-timeout");
    }

    @Test
    void aSilentStreamTimesOut() {
        wireMock.stubFor(post("/slow/v1/chat/completions")
                .willReturn(sse(openAiStream("slow-model", "too late")).withFixedDelay(2000)));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("slow", "slow-model"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitFailure(WAIT);

        assertThat(events.getFailure())
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    }

    @Test
    void aStreamThatFallsSilentMidwayTimesOut() {
        wireMock.stubFor(post("/slow/v1/chat/completions")
                .willReturn(sse(openAiStream("slow-model", "first", "second")).withChunkedDribbleDelay(2, 2000)));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("slow", "slow-model"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitFailure(WAIT);

        assertThat(events.getFailure())
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        assertThat(events.getItems()).noneMatch(e -> e instanceof ChatEvent.Done);
    }

    @Test
    void refusedKeysAreNeitherRetriedNorRepeated() {
        wireMock.stubFor(post("/v1/chat/completions")
                .willReturn(json(
                        401,
                        openAiError(
                                "invalid_request_error",
                                "invalid_api_key",
                                "Incorrect API key provided: " + ProviderWireMock.OPENAI_KEY))));

        ProviderException e = failure(gateway.complete(ask("openai", "gpt-4o-mini")));

        assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
        assertThat(e.getMessage())
                .contains("providers.openai.api-key")
                .doesNotContain(ProviderWireMock.OPENAI_KEY, "SECRET", "Incorrect API key");
        assertThat(e.headers().values()).noneMatch(v -> v.contains("SECRET"));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("SECRET");
        }
        wireMock.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void aConnectionResetBeforeTheAnswerIsRetriedAtOnceWithoutCountingAgainstTheProvider() {
        staleOnceThen(
                Fault.CONNECTION_RESET_BY_PEER, json(200, openAiCompletion("stale-model", "on a fresh connection")));

        ChatResult result =
                gateway.complete(ask("stale", "stale-model")).await().atMost(WAIT);

        // max-retries is 0 and one counted failure would have opened the circuit before the retry.
        assertThat(result.text()).isEqualTo("on a fresh connection");
        assertThat(registry.get("stale").orElseThrow().circuit()).isEqualTo(CircuitBreaker.State.CLOSED);
        wireMock.verify(2, postRequestedFor(urlEqualTo("/stale/v1/chat/completions")));
    }

    @Test
    void aStreamWhoseConnectionClosesBeforeTheAnswerIsRetriedAtOnce() {
        staleOnceThen(Fault.EMPTY_RESPONSE, sse(openAiStream("stale-model", "fresh ", "stream")));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("stale", "stale-model"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitCompletion(WAIT);

        assertThat(events.getItems()).first().isEqualTo(new ChatEvent.Delta("fresh "));
        assertThat(events.getItems()).last().isInstanceOf(ChatEvent.Done.class);
        assertThat(registry.get("stale").orElseThrow().circuit()).isEqualTo(CircuitBreaker.State.CLOSED);
        wireMock.verify(2, postRequestedFor(urlEqualTo("/stale/v1/chat/completions")));
    }

    @Test
    void aSecondLostConnectionIsAnOrdinaryFailure() {
        wireMock.stubFor(post("/stale-twice/v1/chat/completions")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ProviderException e = failure(gateway.complete(ask("stale-twice", "stale-model")));

        assertThat(e.kind()).isEqualTo(Kind.UPSTREAM);
        assertThat(e.getMessage()).contains("could not be reached or dropped the connection");
        assertThat(registry.get("stale-twice").orElseThrow().circuit()).isEqualTo(CircuitBreaker.State.OPEN);
        wireMock.verify(2, postRequestedFor(urlEqualTo("/stale-twice/v1/chat/completions")));
    }

    @Test
    void unconfiguredProviderIsNotConfigured() {
        ProviderException e = failure(gateway.complete(ask("idle", "m")));

        assertThat(e.kind()).isEqualTo(Kind.NOT_CONFIGURED);
        assertThat(e.type().status()).isEqualTo(503);
    }

    /** The provider "stale": its first call loses the connection that way, the next one answers. */
    private void staleOnceThen(Fault fault, ResponseDefinitionBuilder answer) {
        wireMock.stubFor(post("/stale/v1/chat/completions")
                .inScenario("stale")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(fault))
                .willSetStateTo("fresh"));
        wireMock.stubFor(post("/stale/v1/chat/completions")
                .inScenario("stale")
                .whenScenarioStateIs("fresh")
                .willReturn(answer));
    }

    private static ProviderException failure(Uni<?> call) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> call.await().atMost(WAIT)).satisfies((Consumer<Throwable>) t -> caught[0] = t);
        assertThat(caught[0]).isInstanceOf(ProviderException.class);
        return (ProviderException) caught[0];
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder sse(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(body);
    }
}
