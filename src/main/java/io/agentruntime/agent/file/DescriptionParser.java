package io.agentruntime.agent.file;

import io.agentruntime.agent.AgentExample;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a description into its prose and its {@code <example>} blocks, each read into context, user
 * turn, assistant turn and commentary.
 */
final class DescriptionParser {

    /** A block ends at its closing tag, at the next opening tag, or at the end of the text. */
    private static final Pattern EXAMPLE = Pattern.compile("(?is)<example>(.*?)(?:</example>|(?=<example>)|\\z)");

    private static final Pattern COMMENTARY = Pattern.compile("(?is)<commentary>(.*?)(?:</commentary>|\\z)");
    /** Markers at the start of a line, for blocks written one turn per line. */
    private static final Pattern LINE_MARKER = Pattern.compile("(?im)^[ \\t]*(context|user|assistant)[ \\t]*:");
    /** Markers anywhere after white space, for blocks written on one line (the seed's style). */
    private static final Pattern INLINE_MARKER = Pattern.compile("(?i)(?<=^|\\s)(context|user|assistant)[ \\t]*:");

    private static final Pattern STRAY_TAGS = Pattern.compile("(?i)</?(examples?|commentary)>");
    /** Lead-ins left dangling once the examples are taken out ("... Specifically:", "Examples:"). */
    private static final Pattern DANGLING_LEAD_IN = Pattern.compile(
            "(?i)[\\s,;:-]*\\b(here are (some )?examples?( of [^.:]{0,60})?|examples?( usage)?|specifically|"
                    + "for example|for instance|e\\.g\\.?|such as|see examples? below)\\s*:\\s*$");

    record Split(String prose, List<AgentExample> examples) {}

    private DescriptionParser() {}

    static Split split(String description) {
        List<AgentExample> examples = new ArrayList<>();
        StringBuilder prose = new StringBuilder();
        Matcher m = EXAMPLE.matcher(description);
        int last = 0;
        while (m.find()) {
            prose.append(description, last, m.start()).append(' ');
            last = m.end();
            AgentExample example = example(m.group(1));
            if (example != null) {
                examples.add(example);
            }
        }
        prose.append(description.substring(last));
        return new Split(tidy(prose.toString()), List.copyOf(examples));
    }

    private static String tidy(String prose) {
        String text = normalise(STRAY_TAGS.matcher(prose).replaceAll(" "));
        String before;
        do {
            before = text;
            text = DANGLING_LEAD_IN.matcher(text).replaceFirst("").strip();
        } while (!text.equals(before));
        return text;
    }

    private static AgentExample example(String block) {
        StringBuilder commentary = new StringBuilder();
        Matcher c = COMMENTARY.matcher(block);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (c.find()) {
            rest.append(block, last, c.start()).append('\n');
            commentary.append(c.group(1)).append(' ');
            last = c.end();
        }
        rest.append(block.substring(last));
        String body = rest.toString().strip();

        Matcher line = LINE_MARKER.matcher(body);
        Matcher markers = body.contains("\n") && line.find() ? LINE_MARKER.matcher(body) : INLINE_MARKER.matcher(body);
        StringBuilder context = new StringBuilder();
        StringBuilder user = new StringBuilder();
        StringBuilder assistant = new StringBuilder();
        StringBuilder target = context;
        int from = 0;
        while (markers.find()) {
            append(target, body.substring(from, markers.start()));
            target = switch (markers.group(1).toLowerCase(java.util.Locale.ROOT)) {
                case "user" -> user;
                case "assistant" -> assistant;
                default -> context;
            };
            from = markers.end();
        }
        append(target, body.substring(from));
        AgentExample example = new AgentExample(part(context), turn(user), turn(assistant), part(commentary));
        boolean empty = example.context() == null
                && example.user() == null
                && example.assistant() == null
                && example.commentary() == null;
        return empty ? null : example;
    }

    private static void append(StringBuilder target, String text) {
        String t = text.strip();
        if (!t.isEmpty()) {
            if (!target.isEmpty()) {
                target.append('\n');
            }
            target.append(t);
        }
    }

    private static String part(CharSequence text) {
        String t = normalise(text.toString());
        return t.isEmpty() ? null : t;
    }

    /** A turn without the quotes around it ({@code user: "..."}, {@code user: '...'}). */
    private static String turn(CharSequence text) {
        String t = part(text);
        if (t == null || t.length() < 2) {
            return t;
        }
        char first = t.charAt(0);
        char last = t.charAt(t.length() - 1);
        boolean quoted = (first == '"' && last == '"')
                || (first == '\'' && last == '\'')
                || (first == '\u201c' && last == '\u201d')
                || (first == '\u2018' && last == '\u2019');
        if (!quoted) {
            return t;
        }
        String inner = t.substring(1, t.length() - 1).strip();
        return inner.isEmpty() ? null : inner;
    }

    static String normalise(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
