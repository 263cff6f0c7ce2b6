package io.agentruntime.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.is;

import io.agentruntime.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No key and no base URL anywhere: the service starts, and calls say what to set. */
@QuarkusTest
@TestProfile(NoProviderTest.Unconfigured.class)
class NoProviderTest {

    /** Blanks whatever the machine's environment might set. */
    public static class Unconfigured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "providers.anthropic.api-key",
                    "",
                    "providers.anthropic.base-url",
                    "",
                    "providers.openai.api-key",
                    "",
                    "providers.openai.base-url",
                    "");
        }
    }

    @Inject
    ModelGateway gateway;

    @Test
    void theServiceStartsAndCallsNameTheSettingsToSet() {
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        assertThatThrownBy(() -> gateway.resolve("sonnet", null)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_CONFIGURED);
            assertThat(e.getMessage()).isEqualTo(ModelResolver.NOTHING_CONFIGURED);
        });
        assertThatThrownBy(() -> gateway.complete(ProviderFixtures.ask("anthropic", "claude-sonnet-4-6"))
                        .await()
                        .atMost(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_CONFIGURED));
    }
}
