package io.agentruntime.agent.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.agentruntime.agent.AgentProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LenientFrontMatterTest {

    private static LenientFrontMatter.Result read(String... lines) {
        return LenientFrontMatter.read(List.of(lines), 2, "f.md");
    }

    @Test
    void exampleMarkersInsideTheDescriptionGoOnWithIt() {
        LenientFrontMatter.Result r = read(
                "name: reviewer",
                "description: Use it to review. Context: a PR is ready.",
                "user: 'Review my PR'",
                "assistant: I will use the reviewer agent.",
                "model: sonnet");
        assertThat(r.values()).containsOnlyKeys("name", "description", "model");
        assertThat(r.values().get("description"))
                .isEqualTo("Use it to review. Context: a PR is ready.\nuser: 'Review my PR'\n"
                        + "assistant: I will use the reviewer agent.");
        assertThat(r.lines()).containsExactly(entry("name", 2), entry("description", 3), entry("model", 6));
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void aHashIsTextInTheDescriptionAndACommentElsewhere() {
        LenientFrontMatter.Result r = read("description: Writes C # and F # code", "model: sonnet # the default");
        assertThat(r.values().get("description")).isEqualTo("Writes C # and F # code");
        assertThat(r.values().get("model")).isEqualTo("sonnet");
    }

    @Test
    void readsBlockListsFlowListsAndOneLevelMappings() {
        LenientFrontMatter.Result r = read(
                "tools:", "  - Read", "  - \"Grep\"", "skills: [a, b]", "extra:", "  team: payments", "  on-call:");
        assertThat(r.values().get("tools")).isEqualTo(List.of("Read", "Grep"));
        assertThat(r.values().get("skills")).isEqualTo(List.of("a", "b"));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("team", "payments");
        extra.put("on-call", null);
        assertThat(r.values().get("extra")).isEqualTo(extra);
    }

    @Test
    void readsBlockScalars() {
        LenientFrontMatter.Result r = read("description: >-", "  one", "  two", "", "  three", "model: opus");
        assertThat(r.values().get("description")).isEqualTo("one two\nthree");
        assertThat(r.values().get("model")).isEqualTo("opus");
    }

    @Test
    void aQuoteThatNeverClosesIsReadAsPlainTextWithAWarning() {
        LenientFrontMatter.Result r = read("name: x", "description: \"never closed", "model: opus");
        assertThat(r.values().get("model")).isEqualTo("opus");
        assertThat(r.values().get("description")).isEqualTo("\"never closed");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(AgentProblem.Severity.WARNING);
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).isEqualTo("a quoted value is never closed");
        });
    }

    @Test
    void quotedValuesAreDecoded() {
        LenientFrontMatter.Result r = read("description: \"Tabs\\tand \\u00e9\"", "color: 'it''s'");
        assertThat(r.values().get("description")).isEqualTo("Tabs\tand \u00e9");
        assertThat(r.values().get("color")).isEqualTo("it's");
    }
}
