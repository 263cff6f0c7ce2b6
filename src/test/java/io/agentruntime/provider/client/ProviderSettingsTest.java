package io.agentruntime.provider.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Base URLs and their version segment (moved from ProviderMechanicsTest). */
class ProviderSettingsTest {

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
