package io.agentruntime.agent.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class YamlScalarsTest {

    @Test
    void findsTheClosingQuotePastEscapes() {
        assertThat(YamlScalars.closingQuote("\"a\\\"b\" x", 1, '"')).isEqualTo(5);
        assertThat(YamlScalars.closingQuote("'it''s' x", 1, '\'')).isEqualTo(6);
        assertThat(YamlScalars.closingQuote("\"open", 1, '"')).isEqualTo(-1);
    }

    @Test
    void decodesQuotedScalarsAndRefusesTextAfterTheQuote() {
        assertThat(YamlScalars.quoted("\"a\\tb\" # a comment")).isEqualTo("a\tb");
        assertThat(YamlScalars.quoted("'it''s'")).isEqualTo("it's");
        assertThat(YamlScalars.quoted("\"a\" and more")).isNull();
        assertThat(YamlScalars.quoted("\"never closed")).isNull();
    }

    @Test
    void foldsLinesInsideQuotes() {
        assertThat(YamlScalars.quoted("\"one\ntwo\n\nthree\"")).isEqualTo("one two\nthree");
    }

    @Test
    void unquotesOnlyAWholeQuotedValue() {
        assertThat(YamlScalars.unquote("plain")).isEqualTo("plain");
        assertThat(YamlScalars.unquote("\"x\"")).isEqualTo("x");
        assertThat(YamlScalars.unquote("\"x")).isEqualTo("\"x");
        assertThat(YamlScalars.unquote("'")).isEqualTo("'");
    }

    @Test
    void decodesEscapesAndKeepsUnknownOnes() {
        assertThat(YamlScalars.unescape("no escapes")).isEqualTo("no escapes");
        assertThat(YamlScalars.unescape("\\u00e9\\x41\\n\\q")).isEqualTo("\u00e9A\n\\q");
        assertThat(YamlScalars.unescape("\\uZZZZ")).isEqualTo("\\uZZZZ");
    }

    @Test
    void literalBlocksChompAsAsked() {
        List<String> lines = List.of("  one", "    two", "", "");
        assertThat(YamlScalars.block(lines, false, "", 0)).isEqualTo("one\n  two\n");
        assertThat(YamlScalars.block(lines, false, "-", 0)).isEqualTo("one\n  two");
        assertThat(YamlScalars.block(lines, false, "+", 0)).isEqualTo("one\n  two\n\n\n");
    }

    @Test
    void foldedBlocksJoinLinesAndKeepEmptyOnesAsBreaks() {
        assertThat(YamlScalars.block(List.of("  one", "  two", "", "  three"), true, "-", 0))
                .isEqualTo("one two\nthree");
    }

    @Test
    void linesAtColumnZeroStayPartOfTheBlock() {
        assertThat(YamlScalars.block(List.of("  one", "two"), false, "-", 2)).isEqualTo("one\ntwo");
    }

    @Test
    void readsFlowLists() {
        assertThat(YamlScalars.flowList("[Read, \"Grep\", 'Bash', ]")).containsExactly("Read", "Grep", "Bash");
        assertThat(YamlScalars.flowList("[]")).isEmpty();
    }
}
