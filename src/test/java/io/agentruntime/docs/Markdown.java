package io.agentruntime.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Markdown page of the project (README.md, or a page of docs/) read the way a person reads it:
 * sections, tables, fenced code blocks and links.
 */
final class Markdown {

    static final Path PROJECT = Path.of(System.getProperty("user.dir"));
    static final Path README = PROJECT.resolve("README.md");
    static final Path DOCS = PROJECT.resolve("docs");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    /** {@code [text](target)}, outside code spans: group 1 the target. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");

    /** A fenced block and the language named after its opening fence. */
    record Fence(String language, String body) {}

    /** One body row of a Markdown table, with the header of its table and where it is. */
    record Row(List<String> header, List<String> cells, String file, int line) {

        String cell(int i) {
            return i < cells.size() ? cells.get(i) : "";
        }

        /** {@code docs/configuration.md line 42}, for messages. */
        String where() {
            return file + " line " + line;
        }
    }

    /** The page's path relative to the project, {@code README.md} or {@code docs/lookup.md}. */
    final String file;

    final String text;
    private final List<String> lines;
    /** Where the first line of {@link #text} is in its file (a section starts further down). */
    private final int firstLine;

    private Markdown(String file, String text, int firstLine) {
        this.file = file;
        this.text = text;
        this.lines = text.lines().toList();
        this.firstLine = firstLine;
    }

    static Markdown load(Path path) {
        try {
            return new Markdown(PROJECT.relativize(path).toString().replace('\\', '/'), Files.readString(path), 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Markdown readme() {
        return load(README);
    }

    /** {@code docs/<name>}, e.g. {@code configuration.md}. */
    static Markdown doc(String name) {
        return load(DOCS.resolve(name));
    }

    /** Every page of docs/, by name. */
    static List<Markdown> docs() {
        try (Stream<Path> files = Files.list(DOCS)) {
            return files.filter(f -> f.toString().endsWith(".md"))
                    .sorted()
                    .map(Markdown::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README.md and every page of docs/. */
    static List<Markdown> all() {
        return Stream.concat(Stream.of(readme()), docs().stream()).toList();
    }

    /** The folder the page is in, against which its relative links resolve. */
    Path folder() {
        return PROJECT.resolve(file).getParent();
    }

    /** The text under a heading (any level) up to the next heading of the same or a higher level. */
    Markdown section(String heading) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher h = Pattern.compile("(#+) +(.*)").matcher(lines.get(i));
            if (!insideFence(i) && h.matches() && h.group(2).strip().equals(heading)) {
                int level = h.group(1).length();
                int end = i + 1;
                while (end < lines.size() && !(isHeading(end, level))) {
                    end++;
                }
                return new Markdown(file, String.join("\n", lines.subList(i + 1, end)), firstLine + i + 1);
            }
        }
        throw new AssertionError(file + " has no heading '" + heading + "'");
    }

    /** The text of the headings (any level), outside code blocks, in order. */
    List<String> headings() {
        List<String> headings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher h = Pattern.compile("#+ +(.*)").matcher(lines.get(i));
            if (!insideFence(i) && h.matches()) {
                headings.add(h.group(1).strip());
            }
        }
        return headings;
    }

    /** The targets of the page's links ({@code [text](target)}), outside code blocks and code spans. */
    List<String> links() {
        List<String> links = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!insideFence(i)) {
                Matcher m = LINK.matcher(lines.get(i).replaceAll("`[^`]*`", ""));
                while (m.find()) {
                    links.add(m.group(1));
                }
            }
        }
        return links;
    }

    /** The paragraphs of text outside code blocks: runs of non-blank lines, joined by spaces. */
    List<String> paragraphs() {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i <= lines.size(); i++) {
            if (i == lines.size()
                    || lines.get(i).isBlank()
                    || insideFence(i)
                    || lines.get(i).startsWith("```")) {
                if (!current.isEmpty()) {
                    paragraphs.add(current.toString().strip());
                    current.setLength(0);
                }
            } else {
                current.append(lines.get(i).strip()).append(' ');
            }
        }
        return paragraphs;
    }

    List<Fence> fences() {
        List<Fence> fences = new ArrayList<>();
        String language = null;
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("```")) {
                if (language == null) {
                    language = line.substring(3).strip();
                    body.setLength(0);
                } else {
                    fences.add(new Fence(language, body.toString()));
                    language = null;
                }
            } else if (language != null) {
                body.append(line).append('\n');
            }
        }
        return fences;
    }

    /** Every body row of every table, outside code blocks. */
    List<Row> tableRows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (insideFence(i)
                    || !isTableLine(lines.get(i))
                    || !lines.get(i + 1).matches("\\|?[ :|-]+\\|?")) {
                continue;
            }
            List<String> header = cells(lines.get(i));
            int j = i + 2;
            for (; j < lines.size() && isTableLine(lines.get(j)); j++) {
                rows.add(new Row(header, cells(lines.get(j)), file, firstLine + j));
            }
            i = j;
        }
        return rows;
    }

    /** The code spans ({@code `...`}) of a piece of Markdown. */
    static List<String> codeSpans(String markdown) {
        List<String> spans = new ArrayList<>();
        Matcher m = CODE_SPAN.matcher(markdown);
        while (m.find()) {
            spans.add(m.group(1).strip());
        }
        return spans;
    }

    /** A command's lines joined over trailing backslashes, without comments and blank lines. */
    static List<String> commands(String shell) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : shell.lines().toList()) {
            String line = raw.replaceAll("(^|\\s)#.*$", "").strip();
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            if (!current.toString().isBlank()) {
                commands.add(current.toString().strip().replaceAll("\\s+", " "));
            }
            current.setLength(0);
        }
        return commands;
    }

    private boolean isHeading(int i, int maxLevel) {
        Matcher h = Pattern.compile("(#+) +.*").matcher(lines.get(i));
        return !insideFence(i) && h.matches() && h.group(1).length() <= maxLevel;
    }

    private boolean insideFence(int index) {
        boolean inside = false;
        for (int i = 0; i < index; i++) {
            if (lines.get(i).startsWith("```")) {
                inside = !inside;
            }
        }
        return inside;
    }

    private static boolean isTableLine(String line) {
        return line.startsWith("|");
    }

    private static List<String> cells(String line) {
        String inner = line.strip().replaceAll("^\\|", "").replaceAll("\\|$", "");
        // A pipe inside a code span (`a|b`) is text, not a cell border.
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean code = false;
        for (char c : inner.toCharArray()) {
            if (c == '`') {
                code = !code;
            }
            if (c == '|' && !code) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return Arrays.asList(cells.toArray(String[]::new));
    }
}
