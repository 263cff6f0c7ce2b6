package io.agentruntime.provider.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.provider.ModelResolverTest;
import io.agentruntime.provider.ProviderException;
import io.agentruntime.provider.ProviderException.Kind;
import io.agentruntime.provider.ProviderFixtures;
import io.agentruntime.provider.ProvidersConfig;
import io.agentruntime.provider.client.ProviderErrors.Details;
import io.agentruntime.provider.client.ProviderErrors.ErrorInfo;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderErrorsTest {

    static ErrorInfo info(String type, String code, String message) {
        return new ErrorInfo(type, code, message, null);
    }

    @Test
    void statusesMapToKinds() {
        assertThat(ProviderErrors.classify(400, ErrorInfo.NONE)).isEqualTo(Kind.BAD_REQUEST);
        assertThat(ProviderErrors.classify(401, ErrorInfo.NONE)).isEqualTo(Kind.AUTHENTICATION);
        assertThat(ProviderErrors.classify(403, ErrorInfo.NONE)).isEqualTo(Kind.AUTHENTICATION);
        assertThat(ProviderErrors.classify(404, ErrorInfo.NONE)).isEqualTo(Kind.BAD_REQUEST);
        assertThat(ProviderErrors.classify(408, ErrorInfo.NONE)).isEqualTo(Kind.UPSTREAM);
        assertThat(ProviderErrors.classify(409, ErrorInfo.NONE)).isEqualTo(Kind.UPSTREAM);
        assertThat(ProviderErrors.classify(429, ErrorInfo.NONE)).isEqualTo(Kind.RATE_LIMITED);
        assertThat(ProviderErrors.classify(500, ErrorInfo.NONE)).isEqualTo(Kind.UPSTREAM);
        assertThat(ProviderErrors.classify(503, ErrorInfo.NONE)).isEqualTo(Kind.UPSTREAM);
        assertThat(ProviderErrors.classify(529, ErrorInfo.NONE)).isEqualTo(Kind.OVERLOADED);
        assertThat(ProviderErrors.classify(503, info("overloaded_error", null, null)))
                .isEqualTo(Kind.OVERLOADED);
    }

    @Test
    void spentBudgetsAreQuotaNotRateLimits() {
        assertThat(ProviderErrors.classify(429, info("insufficient_quota", "insufficient_quota", null)))
                .isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(ProviderErrors.classify(
                        429,
                        new ErrorInfo("rate_limit_error", null, "limit", new Details("enforced_spend_limit_reached"))))
                .isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(ProviderErrors.classify(
                        400,
                        info(
                                "invalid_request_error",
                                null,
                                "Your credit balance is too low to access the Anthropic API.")))
                .isEqualTo(Kind.QUOTA_EXHAUSTED);
        // A per-minute quota, as some gateways word their rate limits, is still a rate limit.
        assertThat(ProviderErrors.classify(
                        429, info("rate_limit_error", null, "Quota exceeded for quota metric 'requests per minute'")))
                .isEqualTo(Kind.RATE_LIMITED);
    }

    @Test
    void errorBodiesOfEveryShapeAreRead() {
        assertThat(read(400, "{\"error\":\"model 'x' not found\"}").kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(read(429, "{\"object\":\"error\",\"type\":\"insufficient_quota\",\"message\":\"m\",\"code\":429}")
                        .kind())
                .isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(read(429, "<html>Too many</html>").kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(read(429, "{\"error\":{\"message\":\"m\",\"type\":\"tokens\",\"code\":\"insufficient_quota\"}}")
                        .kind())
                .isEqualTo(Kind.QUOTA_EXHAUSTED);
    }

    private static UpstreamException read(int status, String body) {
        return ProviderErrors.fromResponse(Response.status(status).entity(body).build(), "x-request-id");
    }

    @Test
    void retryAfterInSecondsMillisecondsOrAsADate() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        assertThat(ProviderErrors.retryAfter(null, "3", now)).isEqualTo(Duration.ofSeconds(3));
        assertThat(ProviderErrors.retryAfter(null, "0.5", now)).isEqualTo(Duration.ofMillis(500));
        assertThat(ProviderErrors.retryAfter("250", "3", now)).isEqualTo(Duration.ofMillis(250));
        assertThat(ProviderErrors.retryAfter(null, "Thu, 26 Nov 2026 10:00:07 GMT", now))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(ProviderErrors.retryAfter(null, "Thu, 26 Nov 2026 09:59:00 GMT", now))
                .isEqualTo(Duration.ZERO);
        assertThat(ProviderErrors.retryAfter(null, "soon", now)).isNull();
        assertThat(ProviderErrors.retryAfter(null, null, now)).isNull();
    }

    @Test
    void onlyTransientStatusesAreRetryable() {
        for (int status : List.of(408, 409, 429, 500, 502, 503, 504, 529)) {
            assertThat(read(status, "{}").retryable()).as("HTTP %d", status).isTrue();
        }
        for (int status : List.of(400, 401, 403, 404, 413, 422, 501)) {
            assertThat(read(status, "{}").retryable()).as("HTTP %d", status).isFalse();
        }
        assertThat(read(429, "{\"error\":{\"type\":\"insufficient_quota\"}}").retryable())
                .isFalse();
    }

    @Test
    void attributedFailuresNameTheProviderAndHintWhenToRetry() {
        ProviderSettings settings = ModelResolverTest.provider("openai", ProvidersConfig.Kind.OPENAI, "m");
        UpstreamException limited =
                new UpstreamException(Kind.RATE_LIMITED, 429, "req_1", Duration.ofMillis(1200), null, true);

        ProviderException e = ProviderErrors.attribute(settings, limited);

        assertThat(e.provider()).isEqualTo("openai");
        assertThat(e.getMessage())
                .isEqualTo("Model provider 'openai' is rate limiting requests (HTTP 429); provider request id req_1");
        assertThat(e.headers()).containsEntry("Retry-After", "2");
        assertThat(e.httpStatus()).isEqualTo(429);
    }

    @Test
    void settingsNeverShowTheKey() {
        ProviderSettings settings = new ProviderSettings(
                "anthropic",
                ProvidersConfig.Kind.ANTHROPIC,
                ProviderSettings.versionedBase("anthropic", "https://api.anthropic.com"),
                Optional.of("sk-ant-SECRET"),
                Optional.empty(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                0,
                Duration.ofMillis(1),
                Duration.ofMillis(1),
                1,
                Duration.ofSeconds(1),
                0,
                false,
                List.of(),
                ProviderFixtures.CONNECTIONS);

        assertThat(settings.toString()).doesNotContain("SECRET").contains("key set");
    }

    @Test
    void aConnectionClosedBeforeTheAnswerIsLostAndNamesItsCause() {
        ProviderException e = ProviderErrors.normalize(new jakarta.ws.rs.ProcessingException(
                new io.vertx.core.http.HttpClosedException("Connection was closed")));

        assertThat(e).isInstanceOfSatisfying(UpstreamException.class, u -> {
            assertThat(u.kind()).isEqualTo(Kind.UPSTREAM);
            assertThat(u.retryable()).isTrue();
            assertThat(u.connectionLost()).isTrue();
            assertThat(u.wireCause())
                    .isEqualTo("connection closed before the response (HttpClosedException: Connection was closed)");
            assertThat(u.afterResponse().connectionLost()).isFalse();
        });
    }

    @Test
    void otherConnectionFailuresNameTheirCauseButAreNotLost() {
        ProviderException refused =
                ProviderErrors.normalize(new java.net.ConnectException("Connection refused: localhost/127.0.0.1:1"));
        ProviderException timedOut = ProviderErrors.normalize(
                new io.netty.channel.ConnectTimeoutException("connection timed out after 10000 ms: example.com"));

        assertThat(((UpstreamException) refused).connectionLost()).isFalse();
        assertThat(((UpstreamException) refused).wireCause())
                .isEqualTo("connection refused (ConnectException: Connection refused: localhost/127.0.0.1:1)");
        assertThat(((UpstreamException) timedOut).wireCause())
                .startsWith("connect timed out (ConnectTimeoutException: ");
        assertThat(((UpstreamException) WireFailures.timeout()).wireCause())
                .isEqualTo("no answer within the read timeout");
    }

    @Test
    void anAnswerThatCannotBeReadIsNotALostConnection() {
        // What the REST client raises when a provider answers a stream request with JSON.
        ProviderException e = ProviderErrors.normalize(
                new jakarta.ws.rs.ProcessingException(new com.fasterxml.jackson.core.JsonParseException(
                        (com.fasterxml.jackson.core.JsonParser) null, "Cannot construct instance of `SseEvent`")));

        assertThat(e).isInstanceOfSatisfying(UpstreamException.class, u -> {
            assertThat(u.getMessage()).contains("could not be read");
            assertThat(u.connectionLost()).isFalse();
        });
    }
}
