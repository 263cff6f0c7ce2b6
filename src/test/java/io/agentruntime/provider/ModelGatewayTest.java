package io.agentruntime.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.agentruntime.provider.ProviderFixtures.anthropicDelta;
import static io.agentruntime.provider.ProviderFixtures.anthropicEnd;
import static io.agentruntime.provider.ProviderFixtures.anthropicMessage;
import static io.agentruntime.provider.ProviderFixtures.anthropicStart;
import static io.agentruntime.provider.ProviderFixtures.ask;
import static io.agentruntime.provider.ProviderFixtures.openAiCompletion;
import static io.agentruntime.provider.ProviderFixtures.openAiStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blocking and streamed calls on both protocols, and model resolution, through the ModelGateway bean. */
@QuarkusTest
@WithTestResource(value = ProviderWireMock.class, initArgs = @ResourceArg(name = "mode", value = "providers"))
class ModelGatewayTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @ProviderWireMock.InjectWireMock
    WireMockServer wireMock;

    @Inject
    ModelGateway gateway;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void anthropicBlockingCall() {
        wireMock.stubFor(post("/v1/messages")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("request-id", "req_blocking_1")
                        .withBody(anthropicMessage("Hello there"))));

        ChatRequest request = new ChatRequest(
                new ResolvedModel("anthropic", "claude-sonnet-4-6"),
                "Be brief.",
                List.of(
                        new ChatMessage(ChatMessage.Role.USER, "Say hello"),
                        new ChatMessage(ChatMessage.Role.ASSISTANT, "Hello?"),
                        new ChatMessage(ChatMessage.Role.USER, "Again")),
                256,
                0.2);
        ChatResult result = gateway.complete(request).await().atMost(WAIT);

        assertThat(result.text()).isEqualTo("Hello there");
        assertThat(result.provider()).isEqualTo("anthropic");
        assertThat(result.model()).isEqualTo("claude-sonnet-4-6");
        assertThat(result.stopReason()).isEqualTo("end_turn");
        assertThat(result.usage()).isEqualTo(new TokenUsage(12, 7));
        assertThat(result.providerRequestId()).isEqualTo("req_blocking_1");
        assertThat(result.providerMillis()).isGreaterThanOrEqualTo(0);
        wireMock.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/messages"))
                        .withHeader("x-api-key", equalTo(ProviderWireMock.ANTHROPIC_KEY))
                        .withHeader("anthropic-version", equalTo("2023-06-01"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(equalToJson("""
                        {"model":"claude-sonnet-4-6","max_tokens":256,"system":"Be brief.",
                         "messages":[{"role":"user","content":"Say hello"},{"role":"assistant","content":"Hello?"},
                                     {"role":"user","content":"Again"}],
                         "temperature":0.2}""")));
    }

    @Test
    void anthropicSendsTheDefaultMaxTokensWhenTheRequestSetsNone() {
        wireMock.stubFor(post("/v1/messages")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(anthropicMessage("ok"))));

        gateway.complete(ask("anthropic", "claude-haiku-4-5")).await().atMost(WAIT);

        wireMock.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("4096")))
                .withRequestBody(matchingJsonPath("$.temperature", absent()))
                .withRequestBody(matchingJsonPath("$.stream", absent())));
    }

    @Test
    void openAiBlockingCall() {
        wireMock.stubFor(post("/v1/chat/completions")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-request-id", "req_oa_1")
                        .withBody(openAiCompletion("gpt-4o-mini-2024-07-18", "Hi!"))));

        ChatRequest request = new ChatRequest(
                new ResolvedModel("openai", "gpt-4o-mini"),
                "Be brief.",
                List.of(new ChatMessage(ChatMessage.Role.USER, "Say hello")),
                100,
                null);
        ChatResult result = gateway.complete(request).await().atMost(WAIT);

        assertThat(result.text()).isEqualTo("Hi!");
        assertThat(result.provider()).isEqualTo("openai");
        assertThat(result.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(result.stopReason()).isEqualTo("stop");
        assertThat(result.usage()).isEqualTo(new TokenUsage(19, 10));
        assertThat(result.providerRequestId()).isEqualTo("req_oa_1");
        wireMock.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withHeader("Authorization", equalTo("Bearer " + ProviderWireMock.OPENAI_KEY))
                        .withRequestBody(equalToJson("""
                        {"model":"gpt-4o-mini","max_tokens":100,
                         "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello"}]}""")));
    }

    @Test
    void anthropicStreamedCall() {
        wireMock.stubFor(post("/v1/messages")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream; charset=utf-8")
                        .withHeader("request-id", "req_stream_1")
                        .withBody(anthropicStart()
                                + anthropicDelta("Hello")
                                + anthropicDelta(" world")
                                + anthropicEnd())));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("anthropic", "claude-sonnet-4-6"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitCompletion(WAIT);

        assertThat(events.getItems()).hasSize(3);
        assertThat(events.getItems().subList(0, 2))
                .containsExactly(new ChatEvent.Delta("Hello"), new ChatEvent.Delta(" world"));
        ChatResult done = ((ChatEvent.Done) events.getItems().get(2)).result();
        assertThat(done.text()).isEqualTo("Hello world");
        assertThat(done.provider()).isEqualTo("anthropic");
        assertThat(done.model()).isEqualTo("claude-sonnet-4-6");
        assertThat(done.stopReason()).isEqualTo("end_turn");
        assertThat(done.usage()).isEqualTo(new TokenUsage(25, 15));
        assertThat(done.providerRequestId()).isEqualTo("req_stream_1");
        wireMock.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/messages"))
                        .withHeader("Accept", equalTo("text/event-stream"))
                        .withHeader("x-api-key", equalTo(ProviderWireMock.ANTHROPIC_KEY))
                        .withHeader("anthropic-version", equalTo("2023-06-01"))
                        .withHeader("Content-Type", containing("application/json"))
                        .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
    }

    @Test
    void openAiStreamedCall() {
        wireMock.stubFor(post("/v1/chat/completions")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withHeader("x-request-id", "req_oa_stream")
                        .withBody(openAiStream("gpt-4o-mini-2024-07-18", "Hel", "lo", "!"))));

        AssertSubscriber<ChatEvent> events = gateway.stream(ask("openai", "gpt-4o-mini"))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        events.awaitCompletion(WAIT);

        assertThat(events.getItems())
                .startsWith(new ChatEvent.Delta("Hel"), new ChatEvent.Delta("lo"), new ChatEvent.Delta("!"));
        assertThat(events.getItems()).hasSize(4);
        ChatResult done = ((ChatEvent.Done) events.getItems().get(3)).result();
        assertThat(done.text()).isEqualTo("Hello!");
        assertThat(done.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(done.stopReason()).isEqualTo("stop");
        assertThat(done.usage()).isEqualTo(new TokenUsage(9, 4));
        assertThat(done.providerRequestId()).isEqualTo("req_oa_stream");
        wireMock.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withHeader("Accept", equalTo("text/event-stream"))
                        .withHeader("Authorization", equalTo("Bearer " + ProviderWireMock.OPENAI_KEY))
                        .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                        .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
    }

    @Test
    void inheritTakesTheFirstConfiguredProvidersDefaultModel() {
        assertThat(gateway.resolve("inherit", null)).isEqualTo(new ResolvedModel("anthropic", "claude-sonnet-4-6"));
        assertThat(gateway.resolve(null, null)).isEqualTo(new ResolvedModel("anthropic", "claude-sonnet-4-6"));
    }

    @Test
    void claudeAliasesResolveToCurrentClaudeModels() {
        assertThat(gateway.resolve("sonnet", null)).isEqualTo(new ResolvedModel("anthropic", "claude-sonnet-4-6"));
        assertThat(gateway.resolve("opus", null)).isEqualTo(new ResolvedModel("anthropic", "claude-opus-4-7"));
        assertThat(gateway.resolve("haiku", null)).isEqualTo(new ResolvedModel("anthropic", "claude-haiku-4-5"));
        assertThat(gateway.resolve("fast", null)).isEqualTo(new ResolvedModel("backup", "small-model"));
    }

    @Test
    void overrideWinsOverTheAgentsModel() {
        assertThat(gateway.resolve("sonnet", "haiku")).isEqualTo(new ResolvedModel("anthropic", "claude-haiku-4-5"));
        assertThat(gateway.resolve("sonnet", "openai/gpt-4.1")).isEqualTo(new ResolvedModel("openai", "gpt-4.1"));
        assertThat(gateway.resolve("sonnet", " ")).isEqualTo(new ResolvedModel("anthropic", "claude-sonnet-4-6"));
    }

    @Test
    void bareIdsGoToTheProviderOfTheirFamily() {
        assertThat(gateway.resolve("claude-3-5-haiku-latest", null))
                .isEqualTo(new ResolvedModel("anthropic", "claude-3-5-haiku-latest"));
        assertThat(gateway.resolve("gpt-4o", null)).isEqualTo(new ResolvedModel("openai", "gpt-4o"));
        assertThat(gateway.resolve("o1", null)).isEqualTo(new ResolvedModel("openai", "o1"));
        assertThat(gateway.resolve("Qwen/Qwen2.5-7B-Instruct", null))
                .isEqualTo(new ResolvedModel("openai", "Qwen/Qwen2.5-7B-Instruct"));
        assertThat(gateway.resolve("backup/other-model", null)).isEqualTo(new ResolvedModel("backup", "other-model"));
    }

    @Test
    void aProviderThatIsNamedButNotConfiguredIsNotConfigured() {
        assertThatThrownBy(() -> gateway.resolve("idle/some-model", null))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_CONFIGURED);
                    assertThat(e.getMessage()).contains("providers.idle.base-url");
                });
        assertThatThrownBy(() -> gateway.resolve("ghost", null))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_CONFIGURED));
    }
}
