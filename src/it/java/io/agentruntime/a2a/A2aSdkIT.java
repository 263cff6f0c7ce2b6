package io.agentruntime.a2a;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.deploy.EmbeddedPostgresResource;
import io.agentruntime.deploy.Processes;
import io.agentruntime.provider.ProviderFixtures;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The official A2A JavaScript SDK ({@code @a2a-js/sdk} on npm), unedited, against the packaged app over
 * both bindings, JSON-RPC and HTTP+JSON: the cards, a blocking send, a streamed send (a task first, only
 * updates after it, nothing after the terminal state), get, list by pages, cancel of a finished task
 * (TaskNotCancelable), cancel in flight with a second subscriber (both streams end CANCELED), and unknown
 * tasks (TaskNotFound). The flow is clients/a2a-js/flow.mjs.
 */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(ProviderWireMock.class)
class A2aSdkIT {

    private static final Path DIR = Path.of("clients", "a2a-js");

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Test
    void theOfficialSdkRunsItsWholeFlowOverBothBindings() throws Exception {
        String m = "m-" + UUID.randomUUID();
        wm.stubFor(post("/v1/messages")
                .withRequestBody(containing("Whole, please. " + m))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(ProviderFixtures.anthropicMessage("A whole answer."))));
        answer("Stream, please. " + m, ProviderFixtures.anthropicStream("A streamed ", "answer."), 0);
        // Slow: one delta, then the rest a long while later; the flow cancels after the first.
        answer(
                "Slowly, please. " + m,
                ProviderFixtures.anthropicStream("First ", "and ", "much ", "later ", "the ", "rest."),
                30_000);

        run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());
        String out = run(
                List.of("npm", "run", "flow"), Map.of("BASE_URL", "http://localhost:" + RestAssured.port, "MARKER", m));
        assertThat(out).contains("JSONRPC: ok", "HTTP+JSON: ok", "a2a sdk flow: ok");
    }

    /** A streamed answer, dribbled over {@code dribbleMillis} when not 0. */
    private void answer(String input, String events, int dribbleMillis) {
        var response = aResponse()
                .withHeader("Content-Type", "text/event-stream; charset=utf-8")
                .withBody(events);
        if (dribbleMillis > 0) {
            response = response.withChunkedDribbleDelay(6, dribbleMillis);
        }
        wm.stubFor(post("/v1/messages").withRequestBody(containing(input)).willReturn(response));
    }

    private static String run(List<String> command, Map<String, String> env) throws Exception {
        return Processes.run(DIR, command, env, Duration.ofMinutes(10));
    }
}
