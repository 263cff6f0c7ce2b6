package io.agentruntime.openaicompat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.deploy.EmbeddedPostgresResource;
import io.agentruntime.provider.ProviderFixtures;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's official JavaScript SDK ({@code openai} on npm), unedited, against the packaged app: models,
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
                        .withBody(stream("A streamed ", "answer."))));
        // Slow: one delta, then the rest of the answer a long while later; the SDK closes after the first.
        wm.stubFor(post("/v1/messages")
                .withRequestBody(containing("Slowly, please. " + m))
                .withRequestBody(containing("\"stream\":true"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream; charset=utf-8")
                        .withBody(stream("First ", "and ", "much ", "later ", "the ", "rest."))
                        .withChunkedDribbleDelay(6, 30_000)));

        run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());
        String out = run(
                List.of("npm", "run", "flow"), Map.of("BASE_URL", "http://localhost:" + RestAssured.port, "MARKER", m));
        assertThat(out).contains("openai sdk flow: ok");
    }

    private static String stream(String... parts) {
        StringBuilder body = new StringBuilder(ProviderFixtures.anthropicStart());
        for (String part : parts) {
            body.append(ProviderFixtures.anthropicDelta(part));
        }
        return body + ProviderFixtures.anthropicEnd();
    }

    /** Runs a command in clients/openai-js; fails with its output unless it exits with 0. */
    private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile("openai-sdk", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean ended = process.waitFor(10, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ended && process.exitValue() == 0)
                    .as(String.join(" ", command) + " failed:\n" + out)
                    .isTrue();
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
