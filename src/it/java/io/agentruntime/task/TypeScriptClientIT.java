package io.agentruntime.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.deploy.EmbeddedPostgresResource;
import io.agentruntime.deploy.Processes;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TypeScript client a new user makes (types from openapi-typescript, calls through openapi-fetch)
 * and the lint of the document (Redocly CLI), both from npm, run from clients/typescript on the
 * document this build wrote. The flow itself is clients/typescript/flow.ts, against the packaged app.
 */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(ProviderWireMock.class)
class TypeScriptClientIT {

    private static final Path DIR = Path.of("clients", "typescript");

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @BeforeAll
    static void install() throws Exception {
        npm("ci", "--no-audit", "--no-fund");
        npm("run", "generate");
        npm("run", "build");
    }

    @Test
    void documentLintsWithoutErrors() throws Exception {
        String out = npm("run", "lint");
        assertThat(out).contains("Your API description is valid");
    }

    @Test
    void generatedClientRunsTheWholeFlow() throws Exception {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "A TypeScript answer.");
        Stubs.anthropicStream(wm, m, List.of("TypeScript ", "stream."));
        String out = run(
                List.of("node", "dist/flow.js"),
                Map.of("BASE_URL", "http://localhost:" + RestAssured.port, "AGENT", "sonnet-helper", "MARKER", m));
        assertThat(out).contains("typescript client flow: ok");
    }

    private static String npm(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("npm"));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    private static String run(List<String> command, Map<String, String> env) throws Exception {
        return Processes.run(DIR, command, env, Duration.ofMinutes(15));
    }
}
