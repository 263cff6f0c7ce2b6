package io.agentruntime.agent.file;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentProblem;
import io.agentruntime.agent.AgentSource;
import io.agentruntime.agent.ParsedAgent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Turns the bytes of one agent file (Markdown with front matter, the Claude Code subagent format) into an
 * {@link AgentDefinition} and a list of problems. Never throws for bad input: what cannot be read is
 * reported, and a file is dropped only when it has no description or no name to be found anywhere.
 *
 * <p>Strict YAML is tried first; most hand-written files are not valid YAML (unquoted {@code user: '...'}
 * inside a description), so when YAML refuses them, or reads example lines as keys, the
 * {@link LenientFrontMatter lenient reader} takes over.
 */
public final class AgentFileParser {

    private static final Logger LOG = Logger.getLogger(AgentFileParser.class);

    public static final String DEFAULT_MODEL = "inherit";
    static final Set<String> KNOWN_KEYS = Set.of("name", "description", "model", "tools", "color");
    /** {@code key: value} at column 0. */
    static final Pattern KEY_LINE = Pattern.compile("^([A-Za-z_][\\w-]*):(?:[ \\t]+(.*)|[ \\t]*)$");

    private static final Pattern PORTABLE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * Parses one file.
     *
     * @param origin the folder it comes from (or "classpath:agents", or "request")
     * @param path   its path relative to the origin, '/'-separated; null when there is no file name
     * @param bytes  the file's content
     */
    public ParsedAgent parse(String origin, String path, byte[] bytes) {
        String file = path == null ? origin : origin + (origin.endsWith("/") ? "" : "/") + path;
        AgentSource source = new AgentSource(origin, path, sha256(bytes));
        try {
            return parse(file, path, bytes, source);
        } catch (RuntimeException e) {
            // A bug here must cost one file, never the whole catalog.
            LOG.errorf(e, "Parsing %s failed", file);
            return new ParsedAgent(
                    null,
                    List.of(AgentProblem.error(
                            file,
                            null,
                            "the parser failed on this file (" + e.getClass().getSimpleName() + "); please report it",
                            "dropped")));
        }
    }

    private ParsedAgent parse(String file, String path, byte[] bytes, AgentSource source) {
        List<AgentProblem> problems = new ArrayList<>();

        List<String> lines = lines(decode(bytes, file, problems));
        int open = 0;
        while (open < lines.size() && lines.get(open).isBlank()) {
            open++;
        }
        if (open == lines.size() || !lines.get(open).strip().equals("---")) {
            problems.add(AgentProblem.error(
                    file,
                    null,
                    "no front matter: the file must start with a line '---', then name and description, then '---'",
                    "dropped"));
            return new ParsedAgent(null, problems);
        }
        int close = open + 1;
        while (close < lines.size() && !lines.get(close).stripTrailing().equals("---")) {
            close++;
        }
        if (close == lines.size()) {
            problems.add(AgentProblem.error(
                    file, open + 1, "the front matter opened here is never closed by a line '---'", "dropped"));
            return new ParsedAgent(null, problems);
        }
        List<String> front = lines.subList(open + 1, close);
        String body = String.join("\n", lines.subList(close + 1, lines.size())).strip();
        int firstLine = open + 2;

        Map<String, Object> raw = strict(front);
        Map<String, Integer> keyLines;
        if (raw != null) {
            keyLines = keyLines(front, firstLine);
        } else {
            LenientFrontMatter.Result lenient = LenientFrontMatter.read(front, firstLine, file);
            raw = lenient.values();
            keyLines = lenient.lines();
            problems.addAll(lenient.problems());
        }
        AgentDefinition agent = define(raw, keyLines, body, file, path, source, problems);
        return new ParsedAgent(agent, problems);
    }

    private static AgentDefinition define(
            Map<String, Object> raw,
            Map<String, Integer> keyLines,
            String body,
            String file,
            String path,
            AgentSource source,
            List<AgentProblem> problems) {
        String description = text(raw.get("description"));
        if (description != null) {
            // Many files double the backslash inside quotes, so YAML hands back a literal "\n" meaning a break.
            description =
                    description.replace("\\r\\n", "\n").replace("\\n", "\n").strip();
        }
        String name = scalar(raw.get("name"));
        String stem = path == null ? null : stem(path);
        if (description == null || description.isEmpty()) {
            problems.add(AgentProblem.error(
                    file,
                    keyLines.get("description"),
                    raw.containsKey("description") ? "description is empty" : "no description",
                    "dropped: the description says when to use the agent and cannot be guessed"));
            return null;
        }
        if (name == null) {
            if (stem == null) {
                problems.add(AgentProblem.error(
                        file, keyLines.get("name"), "no name and no file name to take one from", "dropped"));
                return null;
            }
            problems.add(
                    AgentProblem.warning(file, keyLines.get("name"), "no name", "named '" + stem + "' after the file"));
            name = stem;
        } else if (stem != null && !stem.equals(name)) {
            problems.add(AgentProblem.warning(
                    file,
                    keyLines.get("name"),
                    "name '" + name + "' differs from the file name '" + fileName(path) + "'",
                    "kept the front-matter name"));
        }
        if (!PORTABLE_NAME.matcher(name).matches()) {
            problems.add(AgentProblem.warning(
                    file,
                    keyLines.get("name"),
                    "name '" + name + "' has characters other than letters, digits, '.', '_' and '-'",
                    "kept as is; URL-encode it in requests"));
        }
        String model = scalar(raw.get("model"));
        List<String> tools = tools(raw.get("tools"), file, keyLines.get("tools"), problems);
        String color = scalar(raw.get("color"));
        Map<String, Object> extra = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (!KNOWN_KEYS.contains(k)) {
                extra.put(k, jsonSafe(v, 0));
            }
        });
        if (body.isEmpty()) {
            problems.add(AgentProblem.warning(
                    file, null, "no system prompt after the front matter", "loaded with an empty system prompt"));
        }
        DescriptionParser.Split split = DescriptionParser.split(description);
        return new AgentDefinition(
                name,
                split.prose(),
                split.examples(),
                model == null ? DEFAULT_MODEL : model,
                tools,
                color,
                Collections.unmodifiableMap(extra),
                body,
                source);
    }

    /** Strict YAML, or null when it fails, is not a mapping, or read example lines as keys. */
    private static Map<String, Object> strict(List<String> front) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(2 * 1024 * 1024);
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(options)).load(String.join("\n", front));
        } catch (RuntimeException e) {
            return null;
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (LenientFrontMatter.EXAMPLE_MARKERS.contains(key.toLowerCase(Locale.ROOT))) {
                return null;
            }
            result.put(key, e.getValue());
        }
        return hasHashInPlainValue(front) ? null : result;
    }

    /** YAML would cut " #..." off an unquoted description as a comment; in a description it is text. */
    private static boolean hasHashInPlainValue(List<String> front) {
        for (String line : front) {
            Matcher m = KEY_LINE.matcher(line);
            if (m.matches() && m.group(1).equals("description") && m.group(2) != null) {
                String v = m.group(2);
                if (v.isEmpty()) {
                    continue;
                }
                char c = v.charAt(0);
                if (c != '"' && c != '\'' && c != '|' && c != '>' && c != '[' && c != '{' && v.contains(" #")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, Integer> keyLines(List<String> front, int firstLine) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (int i = 0; i < front.size(); i++) {
            Matcher m = KEY_LINE.matcher(front.get(i));
            if (m.matches()) {
                lines.putIfAbsent(m.group(1), firstLine + i);
            }
        }
        return lines;
    }

    private static List<String> tools(Object value, String file, Integer line, List<AgentProblem> problems) {
        Collection<?> items;
        if (value == null) {
            return List.of();
        } else if (value instanceof Collection<?> c) {
            items = c;
        } else if (value instanceof String s) {
            String v = s.strip();
            if (v.startsWith("[") && v.endsWith("]")) {
                v = v.substring(1, v.length() - 1);
            }
            items = List.of(v.split(","));
        } else {
            problems.add(AgentProblem.warning(
                    file,
                    line,
                    "tools is neither a list nor a comma-separated string",
                    "ignored: the agent has no tools"));
            return List.of();
        }
        Set<String> tools = new LinkedHashSet<>();
        for (Object item : items) {
            if (item != null) {
                String tool = YamlScalars.unquote(String.valueOf(item).strip());
                if (!tool.isEmpty()) {
                    tools.add(tool);
                }
            }
        }
        return List.copyOf(tools);
    }

    /** A one-line value: names, models, colours. */
    private static String scalar(Object value) {
        String t = text(value);
        return t == null ? null : DescriptionParser.normalise(t);
    }

    private static String text(Object value) {
        if (value == null || value instanceof Map<?, ?>) {
            return null;
        }
        String t = value instanceof Collection<?> c
                ? String.join("\n", c.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        t = t.strip();
        return t.isEmpty() ? null : t;
    }

    /** Values as JSON can carry them: YAML timestamps and binaries become strings. */
    private static Object jsonSafe(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (depth > 20) {
            // Only a self-referencing alias gets this deep.
            return "...";
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), jsonSafe(v, depth + 1)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof Collection<?> c) {
            return Collections.unmodifiableList(
                    new ArrayList<>(c.stream().map(v -> jsonSafe(v, depth + 1)).toList()));
        }
        if (value instanceof Date d) {
            return d.toInstant().atOffset(ZoneOffset.UTC).toString();
        }
        if (value instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        return String.valueOf(value);
    }

    private static String decode(byte[] bytes, String file, List<AgentProblem> problems) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.add(AgentProblem.warning(file, null, "not valid UTF-8", "read with the bad bytes replaced"));
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Lines without the BOM, whatever the line endings. */
    private static List<String> lines(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return List.of(t.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String stem(String path) {
        String name = fileName(path);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
