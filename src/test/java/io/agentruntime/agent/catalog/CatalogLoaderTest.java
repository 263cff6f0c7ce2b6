package io.agentruntime.agent.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.file.AgentFileParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading from folders: duplicates, hidden and Kubernetes-style entries, missing folders, strict mode. */
class CatalogLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void laterFolderWinsADuplicateNameAndTheLoserIsReported() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b/nested"));
        write(a.resolve("reviewer.md"), agent("reviewer", "From folder a."));
        write(b.resolve("reviewer.md"), agent("reviewer", "From folder b."));
        CatalogLoader.Result result = load(false, false, a, tmp.resolve("b"));
        assertThat(result.agents()).singleElement().satisfies(x -> {
            assertThat(x.description()).isEqualTo("From folder b.");
            assertThat(x.source().path()).isEqualTo("nested/reviewer.md");
        });
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(a.resolve("reviewer.md").toString());
            assertThat(p.isError()).isFalse();
            assertThat(p.action()).isEqualTo("overridden by " + tmp.resolve("b/nested/reviewer.md"));
        });
    }

    @Test
    void aFolderCanOverrideABuiltinAgent() throws IOException {
        write(tmp.resolve("code-reviewer.md"), agent("code-reviewer", "Our own reviewer."));
        CatalogLoader.Result result = load(true, false, tmp);
        AgentDefinition reviewer = result.agents().stream()
                .filter(x -> x.name().equals("code-reviewer"))
                .findFirst()
                .orElseThrow();
        assertThat(reviewer.description()).isEqualTo("Our own reviewer.");
        assertThat(reviewer.source().origin()).isEqualTo(tmp.toString());
        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.file()).isEqualTo("classpath:agents/code-reviewer.md"));
        assertThat(result.agents().size()).isGreaterThanOrEqualTo(12);
    }

    @Test
    void hiddenEntriesAndOtherExtensionsAreIgnoredAndFilesWithoutFrontMatterReported() throws IOException {
        write(tmp.resolve("good.md"), agent("good", "Good."));
        write(tmp.resolve(".hidden.md"), agent("hidden", "Hidden."));
        write(Files.createDirectories(tmp.resolve(".git")).resolve("x.md"), agent("in-git", "No."));
        write(tmp.resolve("notes.txt"), agent("text", "No."));
        write(tmp.resolve("README.md"), "# About these agents\n");
        CatalogLoader.Result result = load(false, false, tmp);
        assertThat(result.agents()).extracting(AgentDefinition::name).containsExactly("good");
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(tmp.resolve("README.md").toString());
            assertThat(p.isError()).isTrue();
            assertThat(p.action()).isEqualTo("dropped");
        });
    }

    @Test
    void configMapLayoutIsReadOnceThroughTheVisibleLinks() throws IOException {
        Path stamped = Files.createDirectories(tmp.resolve("..2026_01_01_00_00_00.1"));
        write(stamped.resolve("planner.md"), agent("planner", "Plans."));
        Files.createSymbolicLink(tmp.resolve("..data"), stamped.getFileName());
        Files.createSymbolicLink(tmp.resolve("planner.md"), Path.of("..data/planner.md"));
        CatalogLoader.Result result = load(false, true, tmp);
        assertThat(result.problems()).isEmpty();
        assertThat(result.agents()).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo("planner");
            assertThat(x.source().path()).isEqualTo("planner.md");
            assertThat(x.source().sha256())
                    .isEqualTo(AgentFileParser.sha256(Files.readAllBytes(stamped.resolve("planner.md"))));
        });
    }

    @Test
    void aMissingFolderIsReported() {
        CatalogLoader.Result result = load(false, false, tmp.resolve("nowhere"));
        assertThat(result.agents()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(tmp.resolve("nowhere").toString());
            assertThat(p.isError()).isTrue();
        });
    }

    @Test
    void strictModeFailsOnErrorsListingThem() throws IOException {
        write(tmp.resolve("good.md"), agent("good", "Good."));
        write(tmp.resolve("broken.md"), "---\nname: broken\n---\nNo description.\n");
        assertThatThrownBy(() -> load(false, true, tmp))
                .isInstanceOf(CatalogLoader.StrictModeException.class)
                .hasMessageContaining("agents.strict=true")
                .hasMessageContaining(tmp.resolve("broken.md") + ": no description (dropped");
    }

    @Test
    void strictModeToleratesWarnings() throws IOException {
        write(tmp.resolve("named-differently.md"), agent("other-name", "Warns only."));
        CatalogLoader.Result result = load(false, true, tmp);
        assertThat(result.agents()).hasSize(1);
        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.isError()).isFalse());
    }

    @Test
    void fingerprintFollowsAddedChangedAndRemovedFiles() throws IOException {
        CatalogLoader loader = loader(false, false, tmp);
        write(tmp.resolve("one.md"), agent("one", "One."));
        String first = loader.fingerprint();
        assertThat(loader.fingerprint()).isEqualTo(first);
        assertThat(loader.load().fingerprint()).isEqualTo(first);
        write(tmp.resolve("one.md"), agent("one", "One, changed to a longer text."));
        String changed = loader.fingerprint();
        assertThat(changed).isNotEqualTo(first);
        write(tmp.resolve("two.md"), agent("two", "Two."));
        String added = loader.fingerprint();
        assertThat(added).isNotEqualTo(changed);
        Files.delete(tmp.resolve("two.md"));
        assertThat(loader.fingerprint()).isEqualTo(changed);
    }

    static String agent(String name, String description) {
        return "---\nname: " + name + "\ndescription: " + description + "\nmodel: sonnet\n---\n\nYou are " + name
                + ".\n";
    }

    static void write(Path file, String content) throws IOException {
        Files.writeString(file, content);
    }

    private CatalogLoader.Result load(boolean builtin, boolean strict, Path... dirs) {
        return loader(builtin, strict, dirs).load();
    }

    private CatalogLoader loader(boolean builtin, boolean strict, Path... dirs) {
        return new CatalogLoader(
                new CatalogLoader.Settings(builtin, List.of(dirs), strict),
                new AgentFileParser(),
                getClass().getClassLoader());
    }
}
