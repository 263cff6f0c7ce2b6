package io.agentruntime.agent.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentExample;
import io.agentruntime.agent.AgentProblem;
import io.agentruntime.agent.ParsedAgent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per kind of file the parser meets; the fixtures are in src/test/resources/agent-fixtures. */
class AgentFileParserTest {

    private static final String ORIGIN = "/agents";
    private final AgentFileParser parser = new AgentFileParser();

    @Test
    void seedStyleUnquotedDescriptionWithInlineExamples() {
        AgentDefinition agent = load("inline-examples.md");
        assertThat(agent.name()).isEqualTo("inline-examples");
        assertThat(agent.description())
                .isEqualTo(
                        "Use this agent when a schema migration must run without downtime. It plans expand and contract steps.");
        assertThat(agent.examples())
                .extracting(
                        AgentExample::context, AgentExample::user, AgentExample::assistant, AgentExample::commentary)
                .containsExactly(
                        tuple(
                                "The team renames a column on a busy table.",
                                "How do I rename email to email_address without locking?",
                                "I will use the inline-examples agent to plan an expand-and-contract migration.",
                                "Zero-downtime schema change, so launch the inline-examples agent."),
                        tuple(
                                "A backfill is needed.",
                                "Backfill 40 million rows safely",
                                "Let me bring in the inline-examples agent for a batched backfill plan.",
                                "Large backfill, which this agent handles."));
        assertThat(agent.model()).isEqualTo("inherit");
        assertThat(agent.color()).isEqualTo("blue");
        assertThat(agent.tools()).isEmpty();
        assertThat(agent.systemPrompt()).isEqualTo("You plan database migrations that never take the service down.");
        assertThat(problems("inline-examples.md")).isEmpty();
    }

    @Test
    void literalBackslashNBecomesLineBreaksAndExamplesLeadInIsTidied() {
        AgentDefinition agent = load("literal-newlines.md");
        assertThat(agent.description()).isEqualTo("Use this agent to review Terraform plans before they are applied.");
        assertThat(agent.examples()).singleElement().satisfies(e -> {
            assertThat(e.context()).isEqualTo("A plan destroys a database.");
            assertThat(e.user()).isEqualTo("Is this plan safe to apply?");
            assertThat(e.assistant())
                    .isEqualTo("I'll use the literal-newlines agent to check every destroy and replace in the plan.");
            assertThat(e.commentary()).isEqualTo("Plan review is this agent's job.");
        });
        assertThat(agent.tools()).containsExactly("Read", "Grep");
        assertThat(problems("literal-newlines.md")).isEmpty();
    }

    @Test
    void turnsAtColumnZeroContinueTheDescription() {
        AgentDefinition agent = load("column0-turns.md");
        assertThat(agent.description()).isEqualTo("Use this agent when a flaky test needs to be made deterministic.");
        assertThat(agent.examples())
                .extracting(AgentExample::user, AgentExample::assistant, AgentExample::commentary)
                .containsExactly(
                        tuple(
                                "OrderServiceTest fails randomly, can you look?",
                                "I'll use the column0-turns agent to find the source of the non-determinism.",
                                "Flaky tests are this agent's specialty."),
                        tuple(
                                "This test breaks at midnight",
                                "Let me use the column0-turns agent to inject a clock.",
                                "Time-dependent test."));
        assertThat(agent.model()).isEqualTo("haiku");
        assertThat(agent.tools()).containsExactly("Read", "Edit", "Bash");
        assertThat(agent.extra()).isEmpty();
    }

    @Test
    void foldedBlockScalarAndBlockListOfTools() {
        AgentDefinition agent = load("folded-block.md");
        assertThat(agent.description())
                .isEqualTo(
                        "Use this agent to write release notes from a list of merged pull requests. It groups changes by audience.");
        assertThat(agent.model()).isEqualTo("opus");
        assertThat(agent.tools()).containsExactly("Read", "Grep");
    }

    @Test
    void foldedStripBlockWithColumnLayoutExample() {
        AgentDefinition agent = load("folded-strip-block.md");
        assertThat(agent.description()).isEqualTo("Use this agent to shrink container images.");
        assertThat(agent.examples()).singleElement().satisfies(e -> {
            assertThat(e.context()).isEqualTo("The image is 2 GB.");
            assertThat(e.user()).isEqualTo("Why is my image so big?");
            assertThat(e.assistant()).isEqualTo("I'll use the folded-strip-block agent to inspect the layers.");
            assertThat(e.commentary()).isEqualTo("Image size problem.");
        });
    }

    @Test
    void literalBlockScalarAndEmptyToolsList() {
        AgentDefinition agent = load("literal-block.md");
        assertThat(agent.description()).isEqualTo("Use this agent to design alert rules. It knows burn-rate alerts.");
        assertThat(agent.tools()).isEmpty();
    }

    @Test
    void hashInsideAnUnquotedValueIsText() {
        AgentDefinition agent = load("hash-in-value.md");
        assertThat(agent.description())
                .isEqualTo("Use this agent for C# and F# code, our #1 priority for the .NET services");
        assertThat(problems("hash-in-value.md")).isEmpty();
    }

    @Test
    void descriptionOnIndentedLinesAndEmptyValues() {
        ParsedAgent parsed = parse("indented-description.md");
        assertThat(parsed.agent().name()).isEqualTo("indented-description");
        assertThat(parsed.agent().description()).isEqualTo("Use this agent when writing SQL, it knows Postgres.");
        assertThat(parsed.agent().model()).isEqualTo("inherit");
        assertThat(parsed.agent().tools()).isEmpty();
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void commentLinesAndCapitalisedWordsInLenientFrontMatter() {
        ParsedAgent parsed = parse("lenient-comments.md");
        AgentDefinition agent = parsed.agent();
        assertThat(agent.description()).isEqualTo("Use this agent for Kotlin. Note: it is opinionated.");
        assertThat(agent.examples()).singleElement().satisfies(e -> {
            assertThat(e.context()).isNull();
            assertThat(e.user()).isEqualTo("Convert this Java class");
            assertThat(e.assistant())
                    .isEqualTo("I'll use the lenient-comments agent. It converts the class: step 1...");
        });
        assertThat(agent.model()).isEqualTo("sonnet");
        assertThat(agent.color()).isEqualTo("blue");
        assertThat(agent.extra()).isEmpty();
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void toolsAsFlowList() {
        assertThat(load("tools-flow-list.md").tools()).containsExactly("Read", "Grep", "Bash");
    }

    @Test
    void unknownKeysAreKeptInExtra() {
        AgentDefinition agent = load("unknown-keys.md");
        assertThat(agent.extra())
                .containsExactly(
                        Map.entry("permissionMode", "acceptEdits"),
                        Map.entry("maxTurns", 12),
                        Map.entry("skills", List.of("jfr", "gc-logs")));
    }

    @Test
    void displayNameWithSpacesIsKeptWithWarnings() {
        ParsedAgent parsed = parse("display-name.md");
        assertThat(parsed.agent().name()).isEqualTo("Code Reviewer");
        assertThat(parsed.hasErrors()).isFalse();
        assertThat(parsed.problems())
                .extracting(AgentProblem::severity, AgentProblem::line, AgentProblem::action)
                .contains(tuple(AgentProblem.Severity.WARNING, 2, "kept as is; URL-encode it in requests"));
    }

    @Test
    void nameDifferentFromFileNameIsKeptAndReported() {
        ParsedAgent parsed = parse("name-mismatch.md");
        assertThat(parsed.agent().name()).isEqualTo("schema-reviewer");
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(AgentProblem.Severity.WARNING);
            assertThat(p.file()).isEqualTo("/agents/name-mismatch.md");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("schema-reviewer", "name-mismatch.md");
            assertThat(p.action()).isEqualTo("kept the front-matter name");
        });
    }

    @Test
    void fileWithoutFrontMatterIsDroppedAndReported() {
        ParsedAgent parsed = parse("no-front-matter.md");
        assertThat(parsed.agent()).isNull();
        assertOnlyProblem(parsed, AgentProblem.Severity.ERROR, null, "no front matter", "dropped");
    }

    @Test
    void unterminatedFrontMatterIsDroppedWithTheLineItOpened() {
        ParsedAgent parsed = parse("unterminated.md");
        assertThat(parsed.agent()).isNull();
        assertOnlyProblem(
                parsed, AgentProblem.Severity.ERROR, 1, "the front matter opened here is never closed", "dropped");
    }

    @Test
    void missingNameFallsBackToTheFileStem() {
        ParsedAgent parsed = parse("no-name.md");
        assertThat(parsed.agent().name()).isEqualTo("no-name");
        assertThat(parsed.agent().model()).isEqualTo("haiku");
        assertOnlyProblem(parsed, AgentProblem.Severity.WARNING, null, "no name", "named 'no-name' after the file");
    }

    @Test
    void missingDescriptionDropsTheFileEvenWithAName() {
        ParsedAgent parsed = parse("no-description.md");
        assertThat(parsed.agent()).isNull();
        assertOnlyProblem(parsed, AgentProblem.Severity.ERROR, null, "no description", "dropped");
    }

    @Test
    void neitherNameNorDescriptionIsDropped() {
        ParsedAgent parsed = parse("nothing.md");
        assertThat(parsed.agent()).isNull();
        assertThat(parsed.hasErrors()).isTrue();
    }

    @Test
    void noNameAndNoFileNameIsDropped() {
        ParsedAgent parsed = parser.parse("request", null, bytes("no-name.md"));
        assertThat(parsed.agent()).isNull();
        assertThat(parsed.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("no name"));
    }

    @Test
    void doubleQuotedValueWithDoubledBackslashesReadLeniently() {
        ParsedAgent parsed = parse("quoted-lenient.md");
        AgentDefinition agent = parsed.agent();
        assertThat(agent.description()).isEqualTo("Use this agent to plan capacity.");
        assertThat(agent.examples()).singleElement().satisfies(e -> {
            assertThat(e.user()).isEqualTo("Will we cope?");
            assertThat(e.assistant()).isEqualTo("I'll use the quoted-lenient agent to model the load.");
            assertThat(e.commentary()).isEqualTo("Capacity planning.");
        });
        assertThat(agent.tools()).containsExactly("Read", "Write");
        assertThat(agent.extra())
                .containsEntry("notes", "this line: has a second colon, so the whole file is not YAML");
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void doubleQuotedValueOverSeveralLinesIsFolded() {
        assertThat(load("multiline-quoted.md").description())
                .isEqualTo("Use this agent to write runbooks for on-call engineers. It asks what breaks first.");
    }

    @Test
    void crlfLineEndingsAndByteOrderMark() {
        ParsedAgent parsed = parse("crlf-bom.md");
        AgentDefinition agent = parsed.agent();
        assertThat(agent.name()).isEqualTo("crlf-bom");
        assertThat(agent.description()).isEqualTo("Use this agent to check a file saved on Windows.");
        assertThat(agent.examples()).singleElement().satisfies(e -> {
            assertThat(e.user()).isEqualTo("Does it load?");
            assertThat(e.assistant()).isEqualTo("I will use the crlf-bom agent.");
        });
        assertThat(agent.tools()).containsExactly("Read", "Grep");
        assertThat(agent.systemPrompt()).isEqualTo("You check Windows files.\nSecond line.");
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void sourceCarriesTheSha256OfTheBytes() {
        AgentDefinition agent = load("tools-flow-list.md");
        assertThat(agent.source().origin()).isEqualTo(ORIGIN);
        assertThat(agent.source().path()).isEqualTo("tools-flow-list.md");
        assertThat(agent.source().sha256()).isEqualTo(AgentFileParser.sha256(bytes("tools-flow-list.md")));
    }

    @Test
    void garbageNeverThrows() {
        for (String text : List.of(
                "",
                "---",
                "---\n---",
                "---\n: :\n---\n",
                "---\n- a\n- b\n---\nbody",
                "---\ndescription: \"open\nname: x\n---\n",
                "---\ndescription: [unclosed\n---\n",
                "---\ndescription: !!binary aGVsbG8=\n---\n",
                "---\ndescription: &a [*a]\n---\n",
                "---\ndescription: d\nloop: &a [*a]\n---\n",
                "\u0000\u0001---",
                "---\ndescription: d\nmodel: \ntools:\n---\n",
                "---\ndescription: d # \n---\n",
                "---\ndescription: >\n---\n",
                "---\ndescription: '\n---\n",
                "---\n\"description\": d\n---\n",
                "---\ndescription:\n  - \n---\n")) {
            ParsedAgent parsed = parser.parse(ORIGIN, "x.md", text.getBytes(StandardCharsets.UTF_8));
            assertThat(parsed.agent() != null || parsed.hasErrors()).as(text).isTrue();
            assertThat(parsed.problems()).as(text).noneMatch(p -> p.message().contains("parser failed"));
        }
    }

    /** The parse found exactly one problem, of this severity, on this line, starting with these words. */
    private static void assertOnlyProblem(
            ParsedAgent parsed, AgentProblem.Severity severity, Integer line, String messageStart, String actionStart) {
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(severity);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).startsWith(messageStart);
            assertThat(p.action()).startsWith(actionStart);
            assertThat(p.file()).startsWith(ORIGIN + "/");
        });
    }

    private AgentDefinition load(String fixture) {
        ParsedAgent parsed = parse(fixture);
        assertThat(parsed.agent()).as(fixture + " " + parsed.problems()).isNotNull();
        return parsed.agent();
    }

    private List<AgentProblem> problems(String fixture) {
        return parse(fixture).problems();
    }

    private ParsedAgent parse(String fixture) {
        return parser.parse(ORIGIN, fixture, bytes(fixture));
    }

    static byte[] bytes(String fixture) {
        try (InputStream in = AgentFileParserTest.class.getResourceAsStream("/agent-fixtures/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
