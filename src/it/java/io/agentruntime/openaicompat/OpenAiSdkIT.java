package io.agentruntime.openaicompat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
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
 * OpenAI's official JavaScript SDK ({@code openai} on npm), unedited, against the packaged app: models,
 * the Responses API (whole, continued with previous_response_id, streamed),
 * a whole completion with usage, a stream with its usage chunk, an unknown model as the SDK's
 * NotFoundError, and a stream closed early cancelling its task. The flow is clients/openai-js/flow.mjs.
 */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(ProviderWireMock.class)
class OpenAiSdkIT {

    private static final Path DIR = Path.of("clients", "openai-js");

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Test
    void theOfficialSdkRunsItsWholeFlow() throws Exception {
        String m = "m-" + UUID.randomUUID();
        wm.stubFor(post("/v1/messages")
                .withRequestBody(containing(m))
                .withRequestBody(notContaining("\"stream\":true"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(ProviderFixtures.anthropicMessage("A whole answer."))));
        wm.stubFor(post("/v1/messages")
                .withRequestBody(containing("Stream, please. " + m))
                .withRequestBody(containing("\"stream\":true"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream; charset=utf-8")
                        .withBody(ProviderFixtures.anthropicStream("A streamed ", "answer."))));
        // Slow: one delta, then the rest of the answer a long while later; the SDK closes after the first.
        wm.stubFor(post("/v1/messages")
                .withRequestBody(containing("Slowly, please. " + m))
                .withRequestBody(containing("\"stream\":true"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream; charset=utf-8")
                        .withBody(
                                ProviderFixtures.anthropicStream("First ", "and ", "much ", "later ", "the ", "rest."))
                        .withChunkedDribbleDelay(6, 30_000)));

        run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());
        String out = run(
                List.of("npm", "run", "flow"), Map.of("BASE_URL", "http://localhost:" + RestAssured.port, "MARKER", m));
        assertThat(out).contains("openai sdk flow: ok");
    }

    private static String run(List<String> command, Map<String, String> env) throws Exception {
        return Processes.run(DIR, command, env, Duration.ofMinutes(10));
    }
}
