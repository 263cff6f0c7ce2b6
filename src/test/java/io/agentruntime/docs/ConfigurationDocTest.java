package io.agentruntime.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.docs.ConfigKeys.Key;
import io.agentruntime.docs.Markdown.Row;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md documents every setting the application reads, with its environment variable and
 * its default; no page documents a setting that does not exist; and application.properties sets nothing
 * the application does not read. Plain JUnit over the compiled classes (target/classes), the Markdown
 * pages and application.properties: no application start.
 */
class ConfigurationDocTest {

    /** application.properties values that use an environment variable: {@code ${ANTHROPIC_API_KEY:}}. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(?::([^}]*))?}");

    private static final Pattern PROFILE = Pattern.compile("%[^.]+\\.");

    /** The reference of every setting. */
    static final String CONFIGURATION = "configuration.md";

    /**
     * Namespaces whose settings the pages may describe before the feature that reads them is merged (features
     * land in any order): let through only while no {@code @ConfigMapping} with that prefix is compiled.
     * Once the feature is on main the entry has no effect and can go.
     */
    private static final Set<String> DOCUMENTED_AHEAD = Set.of("lookup");

    private static ConfigKeys code;
    /** docs/configuration.md. */
    private static Markdown reference;

    private static Properties properties;
    /**
     * Rows of the setting tables of every page (README and docs/): normalised key (first code span of the
     * first cell) to its rows.
     */
    private static Map<String, List<Row>> mentioned;
    /**
     * The reference rows: in a setting table of docs/configuration.md with a Default column, and the first
     * cell is the key and nothing else. A row such as "`x.y` (native build)", one of a table of values some
     * mode sets, or one on another page, is about a special case and does not count as documenting the
     * setting.
     */
    private static Map<String, List<Row>> documented;

    @BeforeAll
    static void read() throws IOException {
        code = ConfigKeys.read();
        reference = Markdown.doc(CONFIGURATION);
        properties = new Properties();
        try (Reader r =
                Files.newBufferedReader(Markdown.PROJECT.resolve("src/main/resources/application.properties"))) {
            properties.load(r);
        }
        mentioned = new TreeMap<>();
        documented = new TreeMap<>();
        for (Markdown page : Markdown.all()) {
            for (Row row : page.tableRows()) {
                if (!row.header().getFirst().toLowerCase(Locale.ROOT).startsWith("setting")) {
                    continue;
                }
                Markdown.codeSpans(row.cell(0)).stream().findFirst().ifPresent(key -> {
                    String name = ConfigKeys.normalise(key);
                    mentioned.computeIfAbsent(name, k -> new ArrayList<>()).add(row);
                    if (page.file.equals(reference.file)
                            && column(row, "default") >= 0
                            && row.cell(0).equals("`" + key + "`")) {
                        documented.computeIfAbsent(name, k -> new ArrayList<>()).add(row);
                    }
                });
            }
        }
    }

    @Test
    void theReferenceHasSettingTables() {
        // If the page moved or its tables lost their "Setting ... Default" header, every setting would be
        // reported missing; say why instead.
        assertThat(documented)
                .as("settings documented in rows of " + reference.file + " tables headed Setting ... Default")
                .isNotEmpty();
    }

    @Test
    void theScanFindsTheMappings() {
        // If the walk broke (a moved folder, a renamed annotation) every other check would pass vacuously.
        assertThat(code.mappings)
                .as("@ConfigMapping interfaces under target/classes")
                .isNotEmpty();
        assertThat(code.mappings.values()).as("mapping prefixes").doesNotContainNull();
        for (String prefix : code.mappings.values()) {
            assertThat(code.keys)
                    .as("keys under " + prefix)
                    .anyMatch(k -> k.name().startsWith(prefix + "."));
        }
        assertThat(code.keys)
                .as("keys read by the embedded-PostgreSQL factory")
                .anyMatch(k -> k.readBy().endsWith("EmbeddedPostgresConfigSourceFactory"));
    }

    @Test
    void everySettingIsInATableWithItsEnvironmentVariable() {
        List<String> missing = new ArrayList<>();
        for (Key key : code.keys) {
            if (!documented.containsKey(key.name())) {
                missing.add(key.name() + " (" + key.readBy() + "): no row of its own in a settings table of "
                        + reference.file + " with a Default column");
            }
            if (!mentionsEnv(key)) {
                missing.add(
                        key.name() + ": its environment variable " + key.envName() + " is not in " + reference.file);
            }
        }
        assertThat(missing)
                .as("settings " + reference.file + " does not document")
                .isEmpty();
    }

    @Test
    void documentedDefaultsAreTheCodesDefaults() {
        Set<String> wrong = new TreeSet<>();
        for (Key key : code.keys) {
            key.defaultValue().filter(d -> !d.isEmpty()).ifPresent(d -> checkDefault(key.name(), d, wrong));
        }
        // A concrete key set in application.properties (outside any profile) and documented in a row of its
        // own: the row shows that value (the fallback of ${VAR:fallback}).
        for (String name : properties.stringPropertyNames()) {
            if (isOurs(name) && !name.startsWith("%") && documented.containsKey(name)) {
                effectiveDefault(properties.getProperty(name)).ifPresent(d -> checkDefault(name, d, wrong));
            }
        }
        assertThat(wrong)
                .as(reference.file + " rows whose default is not the code's")
                .isEmpty();
    }

    @Test
    void applicationPropertiesSetsOnlyWhatIsRead() {
        // Profiled keys too: a misspelt %test override is silently ignored just the same.
        Set<String> unread = new TreeSet<>();
        for (String name : properties.stringPropertyNames()) {
            String key = PROFILE.matcher(name).replaceFirst("");
            if (isOurs(key) && code.find(key).isEmpty()) {
                unread.add(name);
            }
        }
        assertThat(unread)
                .as("application.properties keys no @ConfigMapping (nor the embedded-PostgreSQL factory) reads")
                .isEmpty();
    }

    @Test
    void pagesDocumentOnlySettingsThatExist() {
        Set<String> unknown = new TreeSet<>();
        mentioned.forEach((key, rows) -> {
            String namespace = key.split("\\.", 2)[0];
            boolean ahead = DOCUMENTED_AHEAD.contains(namespace) && !code.mappings.containsValue(namespace);
            if (isOurs(key) && code.find(key).isEmpty() && !ahead) {
                unknown.add(key + " (" + rows.getFirst().where() + ")");
            }
        });
        assertThat(unknown)
                .as("settings in documentation tables that nothing reads")
                .isEmpty();
    }

    @Test
    void environmentVariablesUsedByApplicationPropertiesAreDocumented() {
        Set<String> missing = new TreeSet<>();
        for (String value : properties.stringPropertyNames().stream()
                .map(properties::getProperty)
                .toList()) {
            Matcher m = EXPRESSION.matcher(value);
            while (m.find()) {
                if (!Pattern.compile("\\b" + Pattern.quote(m.group(1)) + "\\b")
                        .matcher(reference.text)
                        .find()) {
                    missing.add(m.group(1));
                }
            }
        }
        assertThat(missing)
                .as("variables application.properties reads (${VAR:...}) that " + reference.file + " never names")
                .isEmpty();
    }

    private static void checkDefault(String name, String expected, Set<String> wrong) {
        List<Row> rows = documented.get(name);
        if (rows == null) {
            return; // reported by everySettingIsInATableWithItsEnvironmentVariable
        }
        for (Row row : rows) {
            String shown = row.cell(column(row, "default"));
            if (!Markdown.codeSpans(shown).contains(expected)) {
                wrong.add(name + " (" + row.where() + "): default `" + expected + "` in the code, the page shows '"
                        + shown + "'");
            }
        }
    }

    private static int column(Row row, String name) {
        for (int i = 0; i < row.header().size(); i++) {
            if (row.header().get(i).toLowerCase(Locale.ROOT).startsWith(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The value an unset environment would give: {@code ${ANTHROPIC_MODEL:claude-sonnet-4-6}} gives the fallback. */
    private static Optional<String> effectiveDefault(String value) {
        Matcher m = EXPRESSION.matcher(value);
        String v = m.matches() ? (m.group(2) == null ? "" : m.group(2)) : value;
        return v.isBlank() || EXPRESSION.matcher(v).find() ? Optional.empty() : Optional.of(v.strip());
    }

    /** Our own settings: Quarkus' and MicroProfile's are documented by them. */
    private static boolean isOurs(String key) {
        return !key.startsWith("quarkus.") && !key.startsWith("mp.") && !key.startsWith("smallrye.");
    }

    /** {@code PROVIDERS_<NAME>_READ_TIMEOUT} as written, or with a real name in place of {@code <NAME>}. */
    private static boolean mentionsEnv(Key key) {
        String[] parts = key.envName().split("<NAME>", -1);
        StringBuilder regex = new StringBuilder("(?<![A-Z0-9_])").append(Pattern.quote(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            regex.append("(?:<[A-Z]+>|[A-Z0-9]+)").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.append("(?![A-Z0-9_])").toString())
                .matcher(reference.text)
                .find();
    }
}
