package io.agentruntime.provider;

import static io.agentruntime.provider.ProviderFixtures.ask;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Streams that outnumber a small connection pool, so that every call waits for a connection another
 * stream used (issue 13). The REST client closed a stream's connection at the stream's end; when that
 * connection was pooled it could already belong to the next waiting call, which then failed with
 * "Connection was closed" before its answer. Streams now read their bytes themselves
 * ({@code EventStreams}) and hand a connection back to the pool only once its response was read to its
 * end; {@link PooledStreamsTest} counts the connections.
 */
@QuarkusTest
@WithTestResource(value = ProviderWireMock.class, initArgs = @ResourceArg(name = "mode", value = "providers"))
@TestProfile(StreamConnectionReuseTest.SmallPool.class)
class StreamConnectionReuseTest {

    private static final int CALLS = 60;

    /** Two connections per provider and no retries: a lost connection shows as a failed call. */
    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "providers.openai.connections.pool-size", "2",
                    "providers.anthropic.connections.pool-size", "2",
                    "providers.openai.max-retries", "0",
                    "providers.anthropic.max-retries", "0");
        }
    }

    @ProviderWireMock.InjectWireMock
    WireMockServer wireMock;

    @Inject
    ModelGateway gateway;

    @Test
    void streamsWaitingForPooledConnectionsAllEndInDone() throws Exception {
        ProviderFixtures.stubStreams(wireMock, 20, "One ", "at ", "a time.");

        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            calls.add(gateway.stream(ask(i % 2 == 0 ? "openai" : "anthropic", "m"))
                    .select()
                    .where(e -> e instanceof ChatEvent.Done)
                    .map(e -> ((ChatEvent.Done) e).result().text())
                    .toUni()
                    .onFailure()
                    .recoverWithItem(f -> "failed: " + f.getMessage())
                    .subscribeAsCompletionStage());
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        for (CompletableFuture<String> call : calls) {
            outcomes.merge(call.get(2, TimeUnit.MINUTES), 1, Integer::sum);
        }

        assertThat(outcomes).containsExactly(Map.entry("One at a time.", CALLS));
    }
}
