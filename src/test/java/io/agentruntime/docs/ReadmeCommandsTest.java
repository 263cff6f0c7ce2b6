package io.agentruntime.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.docs.OpenApiDocument.Operation;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README's Quick start works as written (two commands: run the service on port 8080, run the tests), CI
 * runs that same test command, README's API at a glance names every operation and path the OpenAPI
 * document has, and no page (README or docs/) names a path or operation the document does not have or
 * shows an example on another port. A {@code @QuarkusTest} only to read the OpenAPI document the
 * application really serves.
 */
@QuarkusTest
class ReadmeCommandsTest {

    private static final int PORT = 8080;
    /** Health and metrics: the management interface's default port (quarkus.management.port). */
    private static final int MANAGEMENT_PORT = 9000;
    /** Maven options that change only how the build reports, not what it runs. */
    private static final Set<String> QUIET_OPTIONS = Set.of(
            "-B",
            "--batch-mode",
            "-ntp",
            "--no-transfer-progress",
            "-q",
            "--quiet",
            "-e",
            "--errors",
            "-V",
            "--show-version");

    private static final Set<String> TEST_PHASES = Set.of("test", "integration-test", "verify", "install", "deploy");
    private static final Set<String> RUN_GOALS = Set.of("quarkus:dev", "quarkus:run");
    private static final Pattern METHOD_AND_PATH =
            Pattern.compile("\\b(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) +(/v1/[^\\s`'\"?)#|]*)");
    /**
     * A path of this API: after a space, quote, backtick or parenthesis, or after this service's address.
     * Other hosts' paths ({base}/v1/messages, api.openai.com/v1, a local vLLM on :8000) are not ours.
     */
    private static final Pattern OUR_PATH =
            Pattern.compile("(?:(?<=[\\s`'\"(])|(?<=localhost:" + PORT + "))(/v1/[^\\s`'\"?)#|]+)");

    /**
     * Operations the pages may name before the feature that serves them is merged (features land in any
     * order), with the path prefix whose presence says that feature is there: let through only while the
     * document has no path under it. Once the feature is on main the entry has no effect and can go.
     */
    private static final Map<String, String> DOCUMENTED_AHEAD = Map.of("POST /v1/sessions/{}/messages", "/v1/tasks");

    private static OpenApiDocument doc;
    private final Markdown readme = Markdown.readme();
    private final List<Markdown> pages = Markdown.all();

    @BeforeEach
    void fetch() {
        if (doc == null) {
            doc = OpenApiDocument.fetch();
        }
    }

    @Test
    void quickStartHasTwoCommandsRunAndTest() throws IOException {
        List<Markdown.Fence> fences = readme.section("Quick start").fences();
        assertThat(fences)
                .as("fenced blocks in Quick start")
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.language()).as("fence language").isEqualTo("bash"))
                .allSatisfy(f -> assertThat(Markdown.commands(f.body()))
                        .as("commands in " + f.body())
                        .hasSize(1));
        String run = runCommand();
        assertThat(servedPort(run))
                .as("port the Quick start's run command serves on: " + run)
                .isEqualTo(PORT);
        assertThat(readme.section("Quick start").text)
                .as("Quick start says the port")
                .contains("port " + PORT);
        List<String> test = maven(testCommand());
        assertThat(test)
                .as("the test command runs the tests")
                .anyMatch(TEST_PHASES::contains)
                .noneMatch(t -> t.startsWith("-DskipTests") || t.startsWith("-Dmaven.test.skip"));
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws IOException {
        List<String> expected = maven(testCommand());
        List<List<String>> ciRuns = Markdown.commands(Files.readString(Markdown.PROJECT.resolve(".ci/run"))).stream()
                .map(ReadmeCommandsTest::withoutEnvironment)
                .filter(c -> c.startsWith("./mvnw") || c.startsWith("mvn "))
                .map(ReadmeCommandsTest::maven)
                .toList();
        assertThat(ciRuns)
                .as(".ci/run's Maven invocations include README's test command " + expected)
                .contains(expected);
    }

    @Test
    void examplesTalkToThePortTheServiceRunsOn() {
        Set<String> wrong = new TreeSet<>();
        for (Markdown page : pages) {
            for (String line :
                    page.text.lines().filter(l -> l.contains("curl ")).toList()) {
                Matcher m = Pattern.compile("localhost:(\\d+)(/q/(?:health|metrics))?")
                        .matcher(line);
                while (m.find()) {
                    int expected = m.group(2) != null ? MANAGEMENT_PORT : PORT;
                    if (Integer.parseInt(m.group(1)) != expected) {
                        wrong.add(page.file + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(wrong)
                .as("examples of this API on another port than " + PORT + " (" + MANAGEMENT_PORT
                        + " for health and metrics)")
                .isEmpty();
    }

    @Test
    void readmeNamesEveryOperation() {
        Set<String> named = operationMentions(List.of(readme.section("API at a glance"))).stream()
                .map(m -> m.group(1) + " " + OpenApiDocument.normalise(placeholders(m.group(2))))
                .collect(Collectors.toSet());
        List<String> missing = doc.operations().stream()
                .filter(op -> !named.contains(
                        op.method().toUpperCase(Locale.ROOT) + " " + OpenApiDocument.normalise(op.path())))
                .map(Operation::toString)
                .toList();
        assertThat(missing)
                .as("operations README's API at a glance never writes as `METHOD /v1/path`")
                .isEmpty();
    }

    @Test
    void readmeMentionsEveryPath() {
        Set<String> mentioned = pathMentions(List.of(readme.section("API at a glance"))).stream()
                .map(p -> OpenApiDocument.normalise(placeholders(p)))
                .collect(Collectors.toSet());
        List<String> missing = doc.paths().stream()
                .filter(p -> !mentioned.contains(OpenApiDocument.normalise(p)))
                .toList();
        assertThat(missing)
                .as("paths of the OpenAPI document README's API at a glance never mentions")
                .isEmpty();
    }

    @Test
    void pagesMentionOnlyPathsAndOperationsThatExist() {
        Set<String> unknown = new TreeSet<>();
        pathMentions(pages).stream()
                .filter(path -> doc.paths().stream().noneMatch(p -> sameTemplate(p, path)))
                .forEach(unknown::add);
        for (MatchResult m : operationMentions(pages)) {
            String method = m.group(1).toLowerCase(Locale.ROOT);
            String ahead = DOCUMENTED_AHEAD.get(m.group(1) + " " + OpenApiDocument.normalise(placeholders(m.group(2))));
            if (ahead != null && doc.paths().stream().noneMatch(p -> p.startsWith(ahead))) {
                continue;
            }
            if (doc.operations().stream()
                    .noneMatch(op -> op.method().equals(method) && sameTemplate(op.path(), m.group(2)))) {
                unknown.add(m.group());
            }
        }
        assertThat(unknown)
                .as("paths and operations in README or docs/ that the OpenAPI document does not have")
                .isEmpty();
    }

    private static List<String> pathMentions(List<Markdown> pages) {
        return pages.stream()
                .flatMap(p -> OUR_PATH.matcher(p.text).results())
                .map(m -> m.group(1))
                .toList();
    }

    /** {@code GET /v1/agents/{name}}: group 1 the method, group 2 the path. */
    private static List<MatchResult> operationMentions(List<Markdown> pages) {
        return pages.stream()
                .flatMap(p -> METHOD_AND_PATH.matcher(p.text).results())
                .toList();
    }

    /** Whether a README path ({@code /v1/agents/code-reviewer}, {@code /v1/sessions/$id}) fits a template. */
    private static boolean sameTemplate(String template, String mention) {
        String regex = Arrays.stream(OpenApiDocument.normalise(template).split("/"))
                .map(s -> s.equals("{}") ? "[^/]+" : Pattern.quote(s))
                .reduce((a, b) -> a + "/" + b)
                .orElse("");
        return OpenApiDocument.normalise(placeholders(mention)).matches(regex);
    }

    /** Shell and prose placeholders as OpenAPI writes them: {@code $id}, {@code ${id}}, {@code <id>} are {@code {id}}. */
    private static String placeholders(String path) {
        return path.replaceAll("\\$\\{?([A-Za-z_]+)}?", "{$1}")
                .replaceAll("<([^>/]+)>", "{$1}")
                .replaceAll("[.,;:]+$", "");
    }

    private String runCommand() {
        return setUpCommands().stream()
                .filter(c -> c.startsWith("java ") || maven(c).stream().anyMatch(RUN_GOALS::contains))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Quick start command runs the service: " + setUpCommands()));
    }

    private String testCommand() {
        return setUpCommands().stream()
                .filter(c -> c.contains("mvn") && maven(c).stream().anyMatch(TEST_PHASES::contains))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Quick start command runs the tests: " + setUpCommands()));
    }

    private List<String> setUpCommands() {
        return readme.section("Quick start").fences().stream()
                .flatMap(f -> Markdown.commands(f.body()).stream())
                .toList();
    }

    /**
     * The port a run command serves on: its own -Dquarkus.http.port, else application.properties for the
     * profile it runs in ({@code dev} for quarkus:dev, {@code prod} otherwise), else Quarkus' 8080.
     */
    private static int servedPort(String command) throws IOException {
        Matcher override = Pattern.compile("-Dquarkus\\.http\\.port=(\\d+)").matcher(command);
        if (override.find()) {
            return Integer.parseInt(override.group(1));
        }
        Properties p = new Properties();
        try (Reader r =
                Files.newBufferedReader(Markdown.PROJECT.resolve("src/main/resources/application.properties"))) {
            p.load(r);
        }
        String profile = command.contains("quarkus:dev") ? "dev" : "prod";
        return Integer.parseInt(
                p.getProperty("%" + profile + ".quarkus.http.port", p.getProperty("quarkus.http.port", "8080")));
    }

    /** {@code ./mvnw -B -ntp verify} as {@code [./mvnw, verify]}: the launcher, then what it is asked to do. */
    private static List<String> maven(String command) {
        List<String> tokens = new ArrayList<>(Arrays.asList(command.strip().split("\\s+")));
        tokens.removeIf(QUIET_OPTIONS::contains);
        if (!tokens.isEmpty() && tokens.getFirst().equals("mvn")) {
            tokens.set(0, "./mvnw");
        }
        return tokens;
    }

    /** {@code A=1 B= ./mvnw verify} as {@code ./mvnw verify}. */
    private static String withoutEnvironment(String command) {
        return command.replaceFirst("^(?:[A-Za-z_][A-Za-z0-9_]*=\\S*\\s+)+", "");
    }
}
