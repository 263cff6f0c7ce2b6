package io.agentruntime.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pages hold together: every page of docs/ says in its first sentence what it covers, links back to
 * the README and is linked from it, and every relative link of every page (anchors included) leads
 * somewhere. Plain JUnit over the Markdown files.
 */
class DocsLinksTest {

    /** A sentence ends at a full stop followed by a space and a capital (not {@code e.g. x}, not {@code `a.b`}). */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?] +[A-Z]");

    private final List<Markdown> docs = Markdown.docs();
    private final Markdown readme = Markdown.readme();

    @Test
    void theDocsFolderHasThePages() {
        assertThat(docs.stream().map(d -> d.file))
                .as("pages of docs/")
                .contains(
                        "docs/configuration.md",
                        "docs/agent-files.md",
                        "docs/lookup.md",
                        "docs/tasks-and-sessions.md",
                        "docs/providers.md",
                        "docs/command-mode.md",
                        "docs/deployment.md",
                        "docs/observability.md",
                        "docs/development.md");
    }

    @Test
    void everyPageStartsWithOneSentenceSayingWhatItCovers() {
        List<String> wrong = new ArrayList<>();
        for (Markdown page : docs) {
            List<String> paragraphs = page.paragraphs();
            if (paragraphs.size() < 2 || !paragraphs.getFirst().startsWith("# ")) {
                wrong.add(page.file + ": does not start with a title and a paragraph");
                continue;
            }
            String first = paragraphs.get(1).replaceAll("`[^`]*`", "code");
            if (first.startsWith("#") || first.startsWith("|") || first.startsWith("-") || !first.endsWith(".")) {
                wrong.add(page.file + ": the first paragraph is not a sentence: " + paragraphs.get(1));
            } else if (SENTENCE_END.matcher(first).find()) {
                wrong.add(page.file + ": the first paragraph is more than one sentence: " + paragraphs.get(1));
            }
        }
        assertThat(wrong).as("pages of docs/ without an opening sentence").isEmpty();
    }

    @Test
    void theReadmeAndEveryPageLinkEachOther() {
        List<String> missing = new ArrayList<>();
        Set<Path> fromReadme = targets(readme);
        for (Markdown page : docs) {
            Path file = Markdown.PROJECT.resolve(page.file).normalize();
            if (!fromReadme.contains(file)) {
                missing.add("README.md does not link to " + page.file);
            }
            if (!targets(page).contains(Markdown.README.normalize())) {
                missing.add(page.file + " does not link back to README.md");
            }
        }
        assertThat(missing).as("links between the README and docs/").isEmpty();
    }

    @Test
    void everyRelativeLinkLeadsSomewhere() {
        Map<Path, Set<String>> anchors = new HashMap<>();
        Set<String> broken = new TreeSet<>();
        for (Markdown page : Markdown.all()) {
            for (String link : page.links()) {
                if (link.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto: and the like: not ours to check offline
                }
                String[] parts = link.split("#", 2);
                Path target = parts[0].isEmpty()
                        ? Markdown.PROJECT.resolve(page.file).normalize()
                        : page.folder().resolve(parts[0]).normalize();
                if (!Files.exists(target)) {
                    broken.add(page.file + ": " + link + " (no such file)");
                } else if (parts.length == 2 && target.toString().endsWith(".md")) {
                    Set<String> known = anchors.computeIfAbsent(target, DocsLinksTest::anchors);
                    if (!known.contains(parts[1])) {
                        broken.add(page.file + ": " + link + " (no such heading; there are " + known + ")");
                    }
                }
            }
        }
        assertThat(broken).as("relative links that lead nowhere").isEmpty();
    }

    private static Set<Path> targets(Markdown page) {
        Set<Path> targets = new TreeSet<>();
        for (String link : page.links()) {
            String file = link.split("#", 2)[0];
            if (!file.isEmpty() && !file.matches("^[a-z]+:.*")) {
                targets.add(page.folder().resolve(file).normalize());
            }
        }
        return targets;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as dashes. */
    private static Set<String> anchors(Path file) {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String heading : Markdown.load(file).headings()) {
            String slug = heading.toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }
}
