package io.agentruntime.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.agentruntime.PrometheusText.scrape;
import static io.agentruntime.PrometheusText.value;
import static io.agentruntime.provider.ProviderFixtures.anthropicDelta;
import static io.agentruntime.provider.ProviderFixtures.anthropicEnd;
import static io.agentruntime.provider.ProviderFixtures.anthropicMessage;
import static io.agentruntime.provider.ProviderFixtures.anthropicStart;
import static io.agentruntime.provider.ProviderFixtures.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Provider latency, errors by status and tokens, as Prometheus scrapes them. */
@QuarkusTest
@WithTestResource(value = ProviderWireMock.class, initArgs = @ResourceArg(name = "mode", value = "providers"))
class ProviderMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @ProviderWireMock.InjectWireMock
    WireMockServer wireMock;

    @Inject
    ModelGateway gateway;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void aSuccessfulCallCountsItsLatencyAndTokens() {
        wireMock.stubFor(post("/v1/messages")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(anthropicMessage("Hello"))));
        String before = scrape();

        gateway.complete(ask("anthropic", "claude-haiku-4-5")).await().atMost(WAIT);

        String after = scrape();
        assertThat(delta(
                        before,
                        after,
                        "agent_runtime_provider_request_seconds_count",
                        "provider",
                        "anthropic",
                        "outcome",
                        "success"))
                .isEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "agent_runtime_tokens_total",
                        "direction",
                        "in",
                        "provider",
                        "anthropic",
                        "model",
                        "claude-haiku-4-5"))
                .isEqualTo(12);
        assertThat(delta(
                        before,
                        after,
                        "agent_runtime_tokens_total",
                        "direction",
                        "out",
                        "provider",
                        "anthropic",
                        "model",
                        "claude-haiku-4-5"))
                .isEqualTo(7);
        // A histogram: buckets for latency quantiles in PromQL.
        assertThat(after.lines()
                        .filter(l -> l.startsWith("agent_runtime_provider_request_seconds_bucket{")
                                && l.contains("provider=\"anthropic\"")
                                && l.contains("outcome=\"success\"")
                                && l.contains("le=\"0.1\"")))
                .hasSize(1);
    }

    @Test
    void aStreamedCallCountsOnce() {
        wireMock.stubFor(post("/v1/messages")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream; charset=utf-8")
                        .withBody(anthropicStart() + anthropicDelta("Hel") + anthropicDelta("lo") + anthropicEnd())));
        String before = scrape();

        gateway.stream(ask("anthropic", "claude-sonnet-4-6"))
                .collect()
                .asList()
                .await()
                .atMost(WAIT);

        String after = scrape();
        assertThat(delta(
                        before,
                        after,
                        "agent_runtime_provider_request_seconds_count",
                        "provider",
                        "anthropic",
                        "outcome",
                        "success"))
                .isEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "agent_runtime_tokens_total",
                        "direction",
                        "out",
                        "provider",
                        "anthropic",
                        "model",
                        "claude-sonnet-4-6"))
                .isPositive();
    }

    @Test
    void everyFailedAttemptCountsByStatus() {
        // The flaky provider retries once, then falls back to backup.
        wireMock.stubFor(post("/flaky/v1/messages")
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{}")));
        wireMock.stubFor(post("/backup/v1/chat/completions")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{}")));
        String before = scrape();

        assertThatThrownBy(() -> gateway.complete(ask("flaky", "claude-haiku-4-5"))
                        .await()
                        .atMost(WAIT))
                .isInstanceOf(ProviderException.class);

        String after = scrape();
        assertThat(delta(before, after, "agent_runtime_provider_errors_total", "provider", "flaky", "status", "500"))
                .isEqualTo(2);
        assertThat(delta(
                        before,
                        after,
                        "agent_runtime_provider_request_seconds_count",
                        "provider",
                        "flaky",
                        "outcome",
                        "error"))
                .isEqualTo(2);
        assertThat(delta(before, after, "agent_runtime_provider_errors_total", "provider", "backup", "status", "429"))
                .isPositive();
    }

    private static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }
}
