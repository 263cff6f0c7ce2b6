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

/** README.md read the way a person reads it: sections, tables and fenced code blocks. */
final class Readme {

    static final Path PROJECT = Path.of(System.getProperty("user.dir"));
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

    /** A fenced block and the language named after its opening fence. */
    record Fence(String language, String body) {}

    /** One body row of a Markdown table, with the header of its table. */
    record Row(List<String> header, List<String> cells, int line) {

        String cell(int i) {
            return i < cells.size() ? cells.get(i) : "";
        }
    }

    final String text;
    private final List<String> lines;

    private Readme(String text) {
        this.text = text;
        this.lines = text.lines().toList();
    }

    static Readme load() {
        try {
            return new Readme(Files.readString(PROJECT.resolve("README.md")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text under a heading (any level) up to the next heading of the same or a higher level. */
    Readme section(String heading) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher h = Pattern.compile("(#+) +(.*)").matcher(lines.get(i));
            if (!insideFence(i) && h.matches() && h.group(2).strip().equals(heading)) {
                int level = h.group(1).length();
                int end = i + 1;
                while (end < lines.size() && !(isHeading(end, level))) {
                    end++;
                }
                return new Readme(String.join("\n", lines.subList(i + 1, end)));
            }
        }
        throw new AssertionError("README has no heading '" + heading + "'");
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
                rows.add(new Row(header, cells(lines.get(j)), j + 1));
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
