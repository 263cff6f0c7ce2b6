package io.agentruntime.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.agentruntime.provider.ProviderFixtures.ask;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Far more slow streamed calls at once than one connection pool holds (issue 13): each must end in its
 * Done on the first attempt. Ending a stream at its end marker used to close the pooled connection that
 * the next waiting call had just been given, which failed a third of the calls and opened the breaker.
 */
@QuarkusTest
@WithTestResource(value = ProviderWireMock.class, initArgs = @ResourceArg(name = "mode", value = "providers"))
class ProviderConcurrencyTest {

    private static final int CALLS = 200;
    private static final int DELAY_MILLIS = 2_000;

    @ProviderWireMock.InjectWireMock
    WireMockServer wireMock;

    @Inject
    ModelGateway gateway;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void manySlowStreamsAtOnceAllEndInDoneWithoutRetries() throws Exception {
        ProviderFixtures.stubStreams(wireMock, DELAY_MILLIS, "Slow ", "and ", "steady.");

        double failedAttemptsBefore = failedAttempts();
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String provider = i % 2 == 0 ? "openai" : "anthropic";
            Multi<ChatEvent> stream = gateway.stream(ask(provider, "m"));
            calls.add(stream.select()
                    .where(e -> e instanceof ChatEvent.Done)
                    .map(e -> ((ChatEvent.Done) e).result().text())
                    .toUni()
                    .onFailure()
                    .recoverWithItem(ProviderConcurrencyTest::describe)
                    .subscribeAsCompletionStage());
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        for (CompletableFuture<String> call : calls) {
            outcomes.merge(call.get(2, TimeUnit.MINUTES), 1, Integer::sum);
        }

        assertThat(outcomes).containsExactly(Map.entry("Slow and steady.", CALLS));
        // Not one attempt was lost and retried, not even before it reached the provider.
        assertThat(failedAttempts()).isEqualTo(failedAttemptsBefore);
        wireMock.verify(CALLS / 2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        wireMock.verify(CALLS / 2, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    private double failedAttempts() {
        return meters.find("agent_runtime.provider.errors").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** A failure with its root cause, so that a failing run says what closed the call. */
    private static String describe(Throwable f) {
        Throwable cause = f;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return f.getMessage() + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }
}
