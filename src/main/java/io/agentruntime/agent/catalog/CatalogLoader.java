package io.agentruntime.agent.catalog;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentProblem;
import io.agentruntime.agent.AgentSource;
import io.agentruntime.agent.ParsedAgent;
import io.agentruntime.agent.file.AgentFileParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads every agent file from the built-in classpath folder and the configured folders, parses them and
 * settles duplicate names (a later source wins). Knows nothing of CDI so that it can be tested alone.
 */
final class CatalogLoader {

    static final String BUILTIN_ORIGIN = "classpath:agents";
    /** Written by the build (see pom.xml): nothing scans the classpath at run time. */
    static final String BUILTIN_INDEX = "agents/index.txt";

    static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final int MAX_DEPTH = 16;

    /** What to load. */
    record Settings(boolean includeBuiltin, List<Path> dirs, boolean strict) {}

    /**
     * One load: agents sorted by name, problems in the order found, and a fingerprint of the folders
     * (paths, link targets, sizes, times) to notice changes cheaply.
     */
    record Result(List<AgentDefinition> agents, List<AgentProblem> problems, String fingerprint) {

        boolean hasErrors() {
            return problems.stream().anyMatch(AgentProblem::isError);
        }
    }

    /** Thrown when {@code agents.strict=true} and a load found errors. */
    static final class StrictModeException extends IllegalStateException {
        StrictModeException(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final AgentFileParser parser;
    private final ClassLoader classLoader;

    CatalogLoader(Settings settings, AgentFileParser parser, ClassLoader classLoader) {
        this.settings = settings;
        this.parser = parser;
        this.classLoader = classLoader;
    }

    Settings settings() {
        return settings;
    }

    /** @throws StrictModeException when strict and any error was found */
    Result load() {
        List<AgentProblem> problems = new ArrayList<>();
        Map<String, ParsedAgent> winners = new LinkedHashMap<>();
        if (settings.includeBuiltin()) {
            loadBuiltin(winners, problems);
        }
        StringBuilder fingerprint = new StringBuilder();
        for (Path dir : settings.dirs()) {
            Scan scan = scan(dir);
            fingerprint.append(scan.fingerprint());
            problems.addAll(scan.problems());
            for (Found found : scan.files()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(found.path());
                } catch (IOException e) {
                    problems.add(AgentProblem.error(
                            label(dir, found.relative()), null, "cannot be read: " + e.getMessage(), "skipped"));
                    continue;
                }
                add(parser.parse(dir.toString(), found.relative(), bytes), winners, problems);
            }
        }
        List<AgentDefinition> agents = winners.values().stream()
                .map(ParsedAgent::agent)
                .sorted(Comparator.comparing(AgentDefinition::name))
                .toList();
        Result result = new Result(
                agents,
                List.copyOf(problems),
                AgentFileParser.sha256(fingerprint.toString().getBytes(StandardCharsets.UTF_8)));
        if (settings.strict() && result.hasErrors()) {
            throw new StrictModeException(strictMessage(result.problems()));
        }
        return result;
    }

    /** A fingerprint of the folders as they are now, without reading any file. */
    String fingerprint() {
        StringBuilder fingerprint = new StringBuilder();
        for (Path dir : settings.dirs()) {
            fingerprint.append(scan(dir).fingerprint());
        }
        return AgentFileParser.sha256(fingerprint.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String strictMessage(List<AgentProblem> problems) {
        return "agents.strict=true and the agent files have problems:\n"
                + problems.stream()
                        .filter(AgentProblem::isError)
                        .map(p -> " - " + p.describe())
                        .collect(Collectors.joining("\n"));
    }

    private void add(ParsedAgent parsed, Map<String, ParsedAgent> winners, List<AgentProblem> problems) {
        problems.addAll(parsed.problems());
        AgentDefinition agent = parsed.agent();
        if (agent == null) {
            return;
        }
        ParsedAgent loser = winners.remove(agent.name());
        if (loser != null) {
            String winner = label(agent.source());
            problems.add(AgentProblem.warning(
                    label(loser.agent().source()),
                    null,
                    "another agent named '" + agent.name() + "' is loaded later from " + winner,
                    "overridden by " + winner));
        }
        winners.put(agent.name(), parsed);
    }

    private void loadBuiltin(Map<String, ParsedAgent> winners, List<AgentProblem> problems) {
        List<String> index;
        try (InputStream in = classLoader.getResourceAsStream(BUILTIN_INDEX)) {
            if (in == null) {
                problems.add(AgentProblem.error(
                        "classpath:" + BUILTIN_INDEX,
                        null,
                        "the built-in agent index is missing",
                        "no built-in agents loaded"));
                return;
            }
            index = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(AgentProblem.error(
                    "classpath:" + BUILTIN_INDEX,
                    null,
                    "cannot be read: " + e.getMessage(),
                    "no built-in agents loaded"));
            return;
        }
        for (String path : index) {
            try (InputStream in = classLoader.getResourceAsStream("agents/" + path)) {
                if (in == null) {
                    problems.add(AgentProblem.error(
                            BUILTIN_ORIGIN + "/" + path, null, "listed in the index but missing", "skipped"));
                    continue;
                }
                add(parser.parse(BUILTIN_ORIGIN, path, in.readAllBytes()), winners, problems);
            } catch (IOException e) {
                problems.add(AgentProblem.error(
                        BUILTIN_ORIGIN + "/" + path, null, "cannot be read: " + e.getMessage(), "skipped"));
            }
        }
    }

    /** A visible Markdown file of a folder, with its path relative to the folder ('/'-separated). */
    record Found(Path path, String relative) {}

    record Scan(List<Found> files, List<AgentProblem> problems, String fingerprint) {}

    /**
     * The visible {@code *.md} files under a folder, following symbolic links (so that Kubernetes' top-level
     * links into {@code ..data} are read) and skipping hidden names (so that the timestamped folders behind
     * them are not read twice).
     */
    static Scan scan(Path dir) {
        List<Found> files = new ArrayList<>();
        List<AgentProblem> problems = new ArrayList<>();
        StringBuilder fingerprint = new StringBuilder(dir.toString()).append('\n');
        if (!Files.isDirectory(dir)) {
            problems.add(AgentProblem.error(
                    dir.toString(),
                    null,
                    "the folder does not exist or is not a folder",
                    "skipped; it is read once it appears"));
            return new Scan(files, problems, fingerprint.append("missing\n").toString());
        }
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (hidden(file) || !name.toLowerCase(Locale.ROOT).endsWith(".md")) {
                        return FileVisitResult.CONTINUE;
                    }
                    String relative = dir.relativize(file).toString().replace('\\', '/');
                    if (attrs.isSymbolicLink() || !attrs.isRegularFile()) {
                        problems.add(AgentProblem.warning(
                                label(dir, relative),
                                null,
                                "a symbolic link to nothing, or not a regular file",
                                "skipped"));
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.size() > MAX_FILE_BYTES) {
                        problems.add(AgentProblem.error(
                                label(dir, relative), null, "larger than " + MAX_FILE_BYTES + " bytes", "skipped"));
                        return FileVisitResult.CONTINUE;
                    }
                    files.add(new Found(file, relative));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    String relative = dir.relativize(file).toString().replace('\\', '/');
                    if (!hidden(file)) {
                        problems.add(AgentProblem.error(
                                label(dir, relative),
                                null,
                                e instanceof FileSystemLoopException
                                        ? "a symbolic link loop"
                                        : "cannot be read: " + e.getMessage(),
                                "skipped"));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            problems.add(AgentProblem.error(dir.toString(), null, "cannot be read: " + e.getMessage(), "skipped"));
        }
        files.sort(Comparator.comparing(Found::relative));
        for (Found f : files) {
            fingerprint
                    .append(f.relative())
                    .append('|')
                    .append(identity(f.path()))
                    .append('\n');
        }
        return new Scan(List.copyOf(files), List.copyOf(problems), fingerprint.toString());
    }

    /** Real path, size and modification time: a ConfigMap swap changes the real path even when nothing else differs. */
    private static String identity(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file.toRealPath() + "|" + a.size() + "|"
                    + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static String label(Path dir, String relative) {
        return dir + "/" + relative;
    }

    static String label(AgentSource source) {
        return source.path() == null ? source.origin() : source.origin() + "/" + source.path();
    }
}
