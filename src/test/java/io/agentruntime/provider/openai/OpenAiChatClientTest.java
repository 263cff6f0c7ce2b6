package io.agentruntime.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.provider.ChatMessage;
import io.agentruntime.provider.ChatRequest;
import io.agentruntime.provider.ProviderFixtures;
import io.agentruntime.provider.ProvidersConfig;
import io.agentruntime.provider.ProvidersConfig.TokenLimitField;
import io.agentruntime.provider.ResolvedModel;
import io.agentruntime.provider.client.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The request body an OpenAI-compatible provider gets (moved from ProviderMechanicsTest). */
class OpenAiChatClientTest {

    @Test
    void openAiItselfGetsMaxCompletionTokens() {
        URI openAi = ProviderSettings.versionedBase("p", ProviderSettings.OPENAI_BASE);
        URI local = ProviderSettings.versionedBase("p", "http://localhost:8000");
        assertThat(ProviderSettings.completionTokens(TokenLimitField.AUTO, openAi))
                .isTrue();
        assertThat(ProviderSettings.completionTokens(TokenLimitField.AUTO, local))
                .isFalse();
        assertThat(ProviderSettings.completionTokens(TokenLimitField.MAX_COMPLETION_TOKENS, local))
                .isTrue();
        assertThat(ProviderSettings.completionTokens(TokenLimitField.MAX_TOKENS, openAi))
                .isFalse();

        ProviderSettings settings = new ProviderSettings(
                "openai",
                ProvidersConfig.Kind.OPENAI,
                openAi,
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                0,
                Duration.ofMillis(1),
                Duration.ofMillis(1),
                1,
                Duration.ofSeconds(1),
                0,
                true,
                List.of(),
                ProviderFixtures.CONNECTIONS);
        OpenAiWire.ChatCompletionRequest body = new OpenAiChatClient(settings, null, null)
                .body(ProviderFixtures.ask("openai", "o3-mini"), "o3-mini", false);
        ChatRequest limited = new ChatRequest(
                new ResolvedModel("openai", "o3-mini"),
                null,
                List.of(new ChatMessage(ChatMessage.Role.USER, "hi")),
                300,
                null);
        OpenAiWire.ChatCompletionRequest limitedBody =
                new OpenAiChatClient(settings, null, null).body(limited, "o3-mini", true);

        assertThat(body.maxTokens()).isNull();
        assertThat(body.maxCompletionTokens()).isNull();
        assertThat(limitedBody.maxCompletionTokens()).isEqualTo(300);
        assertThat(limitedBody.maxTokens()).isNull();
        assertThat(limitedBody.streamOptions().includeUsage()).isTrue();
    }
}
