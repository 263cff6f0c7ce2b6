package io.agentruntime.agent.file;

import io.agentruntime.agent.AgentProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads front matter that strict YAML rejects, the way its author meant it. Agent files are written by
 * hand and copied around: descriptions carry {@code Context:}, {@code user:} and {@code assistant:}
 * unquoted, sometimes at the start of a line, which YAML takes for keys or refuses outright.
 *
 * <p>A line {@code key: value} at column 0 starts a key, except while inside the description, where
 * example markers and capitalised words ({@code user:}, {@code Context:}, {@code Examples:}) go on
 * with the description: Claude Code's own keys are lower-case. Every other line continues the current
 * key. Values may be plain (in a description a {@code " #"} stays text; elsewhere it starts a comment),
 * single- or double-quoted (escapes decoded,
 * also across lines), block scalars ({@code |}, {@code >}, with chomping), flow lists or block lists.
 */
final class LenientFrontMatter {

    private static final Pattern NESTED_KEY_LINE =
            Pattern.compile("^[ \\t]+([A-Za-z_][\\w-]*):(?:[ \\t]+(.*)|[ \\t]*)$");
    private static final Pattern BLOCK_HEADER = Pattern.compile("^([|>])([+-]?)([1-9]?)([+-]?)[ \\t]*(?:#.*)?$");
    /** Words that open an example turn; inside a description they never start a key. */
    static final Set<String> EXAMPLE_MARKERS =
            Set.of("user", "assistant", "context", "human", "commentary", "example", "examples");

    /** The keys read, in file order, with the 1-based line each started on. */
    record Result(Map<String, Object> values, Map<String, Integer> lines, List<AgentProblem> problems) {}

    private LenientFrontMatter() {}

    static Result read(List<String> lines, int firstLineNo, String file) {
        Scan scan = scan(lines, firstLineNo, file, true);
        if (scan.unterminatedQuoteLine != null) {
            // An opening quote that never closes would swallow every later key: read it as plain text.
            int line = scan.unterminatedQuoteLine;
            scan = scan(lines, firstLineNo, file, false);
            scan.problems.add(
                    AgentProblem.warning(file, line, "a quoted value is never closed", "read it as unquoted text"));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        for (Entry e : scan.entries.values()) {
            values.put(e.key, e.value());
            keyLines.put(e.key, e.line);
        }
        return new Result(values, keyLines, scan.problems);
    }

    private static final class Scan {
        final Map<String, Entry> entries = new LinkedHashMap<>();
        final List<AgentProblem> problems = new ArrayList<>();
        Integer unterminatedQuoteLine;
    }

    private static Scan scan(List<String> lines, int firstLineNo, String file, boolean trackQuotes) {
        Scan scan = new Scan();
        Entry current = null;
        char openQuote = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int no = firstLineNo + i;
            if (openQuote != 0) {
                current.more.add(line);
                if (YamlScalars.closingQuote(line, 0, openQuote) >= 0) {
                    openQuote = 0;
                }
                continue;
            }
            Matcher m = AgentFileParser.KEY_LINE.matcher(line);
            if (m.matches() && startsKey(m.group(1), current)) {
                current = new Entry(m.group(1), no, m.group(2) == null ? "" : m.group(2));
                Entry earlier = scan.entries.remove(current.key);
                if (earlier != null) {
                    scan.problems.add(AgentProblem.warning(
                            file,
                            no,
                            "key '" + current.key + "' appears again (first on line " + earlier.line + ")",
                            "kept the later value"));
                }
                scan.entries.put(current.key, current);
                if (trackQuotes) {
                    openQuote = opensQuote(current.first);
                    if (openQuote != 0) {
                        scan.unterminatedQuoteLine = no;
                    }
                }
            } else if (current != null && !(isComment(line) && !current.isBlock())) {
                current.more.add(line);
            } else if (current == null && !line.isBlank() && !isComment(line)) {
                scan.problems.add(AgentProblem.warning(file, no, "line is not part of any key", "ignored"));
            }
        }
        if (openQuote == 0) {
            scan.unterminatedQuoteLine = null;
        }
        return scan;
    }

    private static boolean startsKey(String key, Entry current) {
        if (current == null || !current.key.equals("description")) {
            return true;
        }
        if (AgentFileParser.KNOWN_KEYS.contains(key)) {
            return true;
        }
        return !EXAMPLE_MARKERS.contains(key.toLowerCase(Locale.ROOT)) && !Character.isUpperCase(key.charAt(0));
    }

    private static boolean isComment(String line) {
        return line.stripLeading().startsWith("#");
    }

    /** The quote a value opens and does not close on its first line, or 0. */
    private static char opensQuote(String value) {
        String v = value.strip();
        if (v.isEmpty() || (v.charAt(0) != '"' && v.charAt(0) != '\'')) {
            return 0;
        }
        return YamlScalars.closingQuote(v, 1, v.charAt(0)) < 0 ? v.charAt(0) : 0;
    }

    private static final class Entry {
        final String key;
        final int line;
        final String first;
        final List<String> more = new ArrayList<>();

        Entry(String key, int line, String first) {
            this.key = key;
            this.line = line;
            this.first = first;
        }

        boolean isBlock() {
            return BLOCK_HEADER.matcher(first.strip()).matches();
        }

        Object value() {
            String v = first.strip();
            Matcher block = BLOCK_HEADER.matcher(v);
            if (block.matches()) {
                String indicator = block.group(2) + block.group(4);
                int indent = block.group(3).isEmpty() ? 0 : Integer.parseInt(block.group(3));
                return YamlScalars.block(more, block.group(1).equals(">"), indicator, indent);
            }
            if (v.startsWith("\"") || v.startsWith("'")) {
                String decoded = YamlScalars.quoted(joined());
                if (decoded != null) {
                    return decoded;
                }
            }
            if (v.startsWith("[") && joined().endsWith("]")) {
                return YamlScalars.flowList(joined());
            }
            if (v.isEmpty()) {
                Object structured = structured();
                if (structured != null) {
                    return structured;
                }
            }
            String plain = joined();
            if (!key.equals("description")) {
                // Only a description is prose where " #" means a hash sign; elsewhere it starts a comment.
                int comment = plain.indexOf(" #");
                plain = comment < 0 ? plain : plain.substring(0, comment).strip();
            }
            return plain.isEmpty() ? null : plain;
        }

        /** First line and continuation lines, each trimmed, line breaks kept. */
        private String joined() {
            StringBuilder sb = new StringBuilder(first.strip());
            for (String line : more) {
                sb.append('\n').append(line.strip());
            }
            return sb.toString().strip();
        }

        /** A block list or a one-level mapping under an empty value, else null. */
        private Object structured() {
            List<String> content = more.stream().filter(l -> !l.isBlank()).toList();
            if (content.isEmpty()) {
                return null;
            }
            if (content.stream()
                    .allMatch(l -> l.strip().equals("-") || l.strip().startsWith("- "))) {
                List<String> items = new ArrayList<>();
                for (String l : content) {
                    String item = YamlScalars.unquote(l.strip().substring(1).strip());
                    if (!item.isEmpty()) {
                        items.add(item);
                    }
                }
                return items;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (String l : content) {
                Matcher m = NESTED_KEY_LINE.matcher(l);
                if (!m.matches()) {
                    return null;
                }
                map.put(
                        m.group(1),
                        m.group(2) == null
                                ? null
                                : YamlScalars.unquote(m.group(2).strip()));
            }
            return map;
        }
    }
}
