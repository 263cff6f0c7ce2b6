package io.agentruntime.agent.file;

import java.util.ArrayList;
import java.util.List;

/** Decoding of YAML scalar styles for the lenient reader: quotes, escapes, block scalars, flow lists. */
final class YamlScalars {

    private YamlScalars() {}

    /**
     * Index of the quote that closes a scalar opened with {@code quote}, searching from {@code from}, or -1.
     * Inside double quotes a backslash escapes the next character; inside single quotes {@code ''} is one quote.
     */
    static int closingQuote(String s, int from, char quote) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * The value of a quoted scalar (possibly spanning lines), or null when it is not one cleanly: no closing
     * quote, or text after it other than a comment.
     */
    static String quoted(String s) {
        char quote = s.charAt(0);
        int close = closingQuote(s, 1, quote);
        if (close < 0) {
            return null;
        }
        String rest = s.substring(close + 1).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            return null;
        }
        String folded = fold(s.substring(1, close));
        return quote == '"' ? unescape(folded) : folded.replace("''", "'");
    }

    /** Strips one pair of matching quotes around a short value, decoding it. */
    static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'')) {
            String decoded = quoted(s);
            if (decoded != null) {
                return decoded;
            }
        }
        return s;
    }

    /** Line folding inside quotes: a single line break becomes a space, each empty line a line break. */
    private static String fold(String content) {
        String[] lines = content.split("\n", -1);
        if (lines.length == 1) {
            return content;
        }
        StringBuilder sb = new StringBuilder(lines[0].stripTrailing());
        int blanks = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = i == lines.length - 1 ? lines[i].stripLeading() : lines[i].strip();
            if (line.isEmpty() && i < lines.length - 1) {
                blanks++;
                continue;
            }
            sb.append(blanks == 0 ? " " : "\n".repeat(blanks)).append(line);
            blanks = 0;
        }
        return sb.toString();
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't', '\t' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0' -> sb.append('\0');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'e' -> sb.append('\u001b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case 'N' -> sb.append('\u0085');
                case '_' -> sb.append('\u00a0');
                case 'L' -> sb.append('\u2028');
                case 'P' -> sb.append('\u2029');
                case '"', '\\', '/', ' ' -> sb.append(e);
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    String hex = i + len < s.length() ? s.substring(i + 1, i + 1 + len) : "";
                    if (hex.matches("[0-9A-Fa-f]{" + len + "}")) {
                        sb.appendCodePoint(Integer.parseInt(hex, 16));
                        i += len;
                    } else {
                        sb.append('\\').append(e);
                    }
                }
                default -> sb.append('\\').append(e);
            }
        }
        return sb.toString();
    }

    /**
     * A block scalar's text. {@code folded} is {@code >} (lines joined with spaces, empty lines kept as
     * breaks) versus {@code |}; {@code chomping} holds {@code -} (strip), {@code +} (keep) or nothing (clip).
     * Lines at column 0 (which YAML would refuse) are taken as part of the text.
     */
    static String block(List<String> lines, boolean folded, String chomping, int explicitIndent) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        int trailingBlanks = lines.size() - end;
        int indent = explicitIndent;
        if (indent == 0) {
            indent = Integer.MAX_VALUE;
            for (int i = 0; i < end; i++) {
                String l = lines.get(i);
                if (!l.isBlank()) {
                    indent = Math.min(indent, l.length() - l.stripLeading().length());
                }
            }
            if (indent == Integer.MAX_VALUE) {
                indent = 0;
            }
        }
        List<String> content = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            String l = lines.get(i);
            int lead = l.length() - l.stripLeading().length();
            content.add(l.isBlank() ? "" : lead >= indent ? l.substring(indent).stripTrailing() : l.strip());
        }
        String text = folded ? foldBlock(content) : String.join("\n", content);
        if (text.isEmpty() || chomping.contains("-")) {
            return text;
        }
        return text + (chomping.contains("+") ? "\n".repeat(trailingBlanks + 1) : "\n");
    }

    private static String foldBlock(List<String> content) {
        StringBuilder sb = new StringBuilder();
        int blanks = 0;
        boolean started = false;
        for (String line : content) {
            if (line.isEmpty()) {
                blanks++;
                continue;
            }
            if (started) {
                sb.append(blanks == 0 ? " " : "\n".repeat(blanks));
            } else {
                sb.append("\n".repeat(blanks));
            }
            sb.append(line);
            started = true;
            blanks = 0;
        }
        return sb.toString();
    }

    /** {@code [a, "b", 'c']} as a list; {@code []} is empty. */
    static List<String> flowList(String s) {
        String inner = s.strip();
        inner = inner.substring(1, inner.length() - 1);
        List<String> items = new ArrayList<>();
        for (String part : inner.split(",")) {
            String item = unquote(part.strip());
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }
}
