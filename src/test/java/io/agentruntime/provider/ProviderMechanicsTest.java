package io.agentruntime.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentruntime.provider.ProvidersConfig.TokenLimitField;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Backoff, circuit breaker and base URLs: the small pure parts. */
class ProviderMechanicsTest {

    @Test
    void backoffIsExponentialWithFullJitterAndCapped() {
        Duration initial = Duration.ofMillis(500);
        Duration max = Duration.ofSeconds(30);
        Backoff top = new Backoff(initial, max, () -> 0.999999);
        Backoff bottom = new Backoff(initial, max, () -> 0.0);

        assertThat(top.before(0, null)).isEqualTo(Duration.ofMillis(499));
        assertThat(top.before(1, null)).isEqualTo(Duration.ofMillis(999));
        assertThat(top.before(3, null)).isEqualTo(Duration.ofMillis(3999));
        assertThat(top.before(10, null)).isLessThan(max);
        assertThat(top.before(40, null)).isLessThan(max);
        assertThat(bottom.before(5, null)).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterWinsButIsCappedByMaxBackoff() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.5);

        assertThat(backoff.before(0, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(backoff.before(0, Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void circuitOpensAtTheThresholdAndLetsOneProbeThroughAfterTheDelay() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.acquire()).isZero();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(breaker.acquire()).isEqualTo(Duration.ofSeconds(6));

        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(breaker.acquire()).as("the probe").isZero();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.acquire()).as("while the probe runs").isPositive();

        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.acquire()).isZero();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.acquire()).isZero();
    }

    @Test
    void aCancelledProbeFreesTheWayForTheNext() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofSeconds(1), now::get);
        breaker.onFailure();
        now.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(breaker.acquire()).isZero();
        breaker.onNeutral();
        assertThat(breaker.acquire()).isZero();
    }

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
        OpenAiWire.ChatCompletionRequest body = new OpenAiChatClient(settings, null, null, null)
                .body(ProviderFixtures.ask("openai", "o3-mini"), "o3-mini", false);
        ChatRequest limited = new ChatRequest(
                new ResolvedModel("openai", "o3-mini"),
                null,
                List.of(new ChatMessage(ChatMessage.Role.USER, "hi")),
                300,
                null);
        OpenAiWire.ChatCompletionRequest limitedBody =
                new OpenAiChatClient(settings, null, null, null).body(limited, "o3-mini", true);

        assertThat(body.maxTokens()).isNull();
        assertThat(body.maxCompletionTokens()).isNull();
        assertThat(limitedBody.maxCompletionTokens()).isEqualTo(300);
        assertThat(limitedBody.maxTokens()).isNull();
        assertThat(limitedBody.streamOptions().includeUsage()).isTrue();
    }

    @Test
    void baseUrlsGetTheirVersionSegment() {
        assertThat(ProviderSettings.versionedBase("p", "https://api.anthropic.com"))
                .hasToString("https://api.anthropic.com/v1");
        assertThat(ProviderSettings.versionedBase("p", "https://api.openai.com/v1"))
                .hasToString("https://api.openai.com/v1");
        assertThat(ProviderSettings.versionedBase("p", "https://api.openai.com/v1/"))
                .hasToString("https://api.openai.com/v1");
        assertThat(ProviderSettings.versionedBase("p", "http://localhost:11434"))
                .hasToString("http://localhost:11434/v1");
        assertThat(ProviderSettings.versionedBase("p", "http://litellm:4000/team-a/"))
                .hasToString("http://litellm:4000/team-a/v1");
        assertThat(ProviderSettings.versionedBase("p", "https://generativelanguage.googleapis.com/v1beta/openai/"))
                .hasToString("https://generativelanguage.googleapis.com/v1beta/openai");
        assertThatThrownBy(() -> ProviderSettings.versionedBase("p", "localhost:8000"))
                .hasMessageContaining("providers.p.base-url");
    }
}
