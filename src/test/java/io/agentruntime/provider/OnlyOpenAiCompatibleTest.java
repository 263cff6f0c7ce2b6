package io.agentruntime.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.agentruntime.provider.ProviderFixtures.openAiCompletion;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OPENAI_BASE_URL alone, like a local Ollama: every agent model runs there, without a key. */
@QuarkusTest
@WithTestResource(value = ProviderWireMock.class, initArgs = @ResourceArg(name = "mode", value = "openai-only"))
class OnlyOpenAiCompatibleTest {

    @ProviderWireMock.InjectWireMock
    WireMockServer wireMock;

    @Inject
    ModelGateway gateway;

    @Test
    void everyAgentModelRunsOnTheOnlyProvider() {
        ResolvedModel local = new ResolvedModel("openai", "llama3.2");
        for (String agentModel : List.of("inherit", "sonnet", "opus", "haiku", "claude-sonnet-4-6")) {
            assertThat(gateway.resolve(agentModel, null)).as(agentModel).isEqualTo(local);
        }
        assertThat(gateway.resolve("sonnet", "qwen2.5:7b")).isEqualTo(new ResolvedModel("openai", "qwen2.5:7b"));
    }

    @Test
    void callsGoToTheBaseWithV1AndWithoutAKey() {
        wireMock.stubFor(post("/ollama/v1/chat/completions")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(openAiCompletion("llama3.2", "local hi"))));

        ChatRequest request = new ChatRequest(
                gateway.resolve("sonnet", null),
                null,
                List.of(new ChatMessage(ChatMessage.Role.USER, "hi")),
                null,
                0.0);
        ChatResult result = gateway.complete(request).await().atMost(Duration.ofSeconds(10));

        assertThat(result.text()).isEqualTo("local hi");
        assertThat(result.provider()).isEqualTo("openai");
        wireMock.verify(postRequestedFor(urlEqualTo("/ollama/v1/chat/completions"))
                .withHeader("Authorization", absent())
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2")))
                .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.0")))
                .withRequestBody(matchingJsonPath("$.max_tokens", absent()))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user"))));
    }
}
