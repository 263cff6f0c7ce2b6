package io.agentruntime.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be proven here, without GraalVM, about the native executable: Jackson's records are
 * registered for reflection where Quarkus cannot see them, nothing scans the classpath at run time,
 * classpath resources are included, and the embedding model is off in the native build. The rules run
 * on the compiled application and, to show they can fail, on fixtures compiled at test time.
 */
class NativeReadinessTest {

    static AppSettings settings;
    static NativeReadiness app;

    @BeforeAll
    static void analyse() {
        settings = AppSettings.load();
        app = new NativeReadiness(CompiledClasses.MAIN, "io/agentruntime/");
    }

    static List<String> includes() {
        return Arrays.stream(settings.value("prod", "quarkus.native.resources.includes", "")
                        .split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    @Test
    void recordsJacksonReachesOutsideQuarkusViewAreRegisteredForReflection() {
        Map<String, String> missing = app.unregisteredRecords();
        assertThat(missing)
                .as(
                        "Annotate these records with @RegisterForReflection (or list them in "
                                + "io.agentruntime.common.ReflectionConfig) so that Jackson can use them in the native executable:%n%s",
                        missing.entrySet().stream()
                                .map(e -> e.getKey() + ": " + e.getValue())
                                .collect(Collectors.joining("\n")))
                .isEmpty();
        // Not vacuous: problem+json bodies are built as Response entities, which Quarkus cannot see.
        assertThat(app.needsReflection())
                .containsKeys(
                        "io/agentruntime/common/problem/Problem", "io/agentruntime/common/problem/Problem$FieldError");
    }

    @Test
    void nothingScansTheClasspathAtRunTime() {
        assertThat(app.classpathScanning()).isEmpty();
    }

    @Test
    void classpathResourcesAreInTheNativeExecutable() throws IOException {
        List<String> includes = includes();
        assertThat(includes).contains("agents/**");
        assertThat(app.resourcesOutside(includes)).isEmpty();
        Path resources = AppSettings.PROJECT.resolve("src/main/resources");
        try (Stream<Path> files = Files.walk(resources)) {
            List<String> agentFiles = files.filter(Files::isRegularFile)
                    .map(p -> resources.relativize(p).toString())
                    .filter(p -> p.startsWith("agents/"))
                    .toList();
            assertThat(agentFiles)
                    .allSatisfy(f -> assertThat(includes.stream()
                                    .anyMatch(g ->
                                            NativeReadiness.glob(g).matcher(f).matches()))
                            .as(f)
                            .isTrue());
        }
    }

    @Test
    void embeddingModelIsOffInTheNativeBuild() throws IOException {
        String pom = Files.readString(AppSettings.PROJECT.resolve("pom.xml"));
        String nativeProfile = pom.substring(pom.indexOf("<id>native</id>"));
        nativeProfile = nativeProfile.substring(0, nativeProfile.indexOf("</profile>"));
        assertThat(nativeProfile).contains("<lookup.embedding.enabled>false</lookup.embedding.enabled>");
        assertThat(Files.readAllLines(AppSettings.PROJECT.resolve("Dockerfile.native")))
                .contains("ENV LOOKUP_EMBEDDING_ENABLED=false");
        assertThat(settings.reads("LOOKUP_EMBEDDING_ENABLED")).isTrue();
    }

    // ------------------------------------------------------------ the rules can fail

    @Test
    void rulesFlagWhatANativeExecutableWouldMiss(@TempDir Path out) throws Exception {
        NativeReadiness fixtures = new NativeReadiness(compileFixtures(out), "io/agentruntime/fixture/");
        String p = "io/agentruntime/fixture/Fixtures$";

        assertThat(fixtures.unregisteredRecords().keySet())
                .containsExactlyInAnyOrder(
                        p + "ReadByMapper",
                        p + "Held",
                        p + "Annotated",
                        p + "ProblemBody",
                        p + "ViaFactory",
                        p + "InList");
        assertThat(fixtures.needsReflection())
                .containsKeys(p + "SelfRegistered", p + "Listed")
                .doesNotContainKeys(p + "InternalOnly", p + "RestOnly", p + "Unrelated");
        assertThat(fixtures.registered())
                .contains(p + "SelfRegistered", p + "Listed")
                .doesNotContain(p + "Config");
        assertThat(fixtures.restVisible()).contains(p + "RestOnly");

        assertThat(fixtures.classpathScanning())
                .hasSize(2)
                .anySatisfy(f -> assertThat(f).contains("scan").contains("ClassLoader.getResources"))
                .anySatisfy(f -> assertThat(f).contains("scan").contains("Class.forName"));

        assertThat(fixtures.resourcesOutside(List.of("agents/**")))
                .hasSize(2)
                .anySatisfy(f -> assertThat(f).contains("notIncluded").contains("templates/mail.txt"))
                .anySatisfy(f -> assertThat(f).contains("computedAnywhere"));
    }

    private static Path compileFixtures(Path out) throws IOException, URISyntaxException {
        Path source = Path.of(NativeReadinessTest.class
                .getResource("/native-fixture/io/agentruntime/fixture/Fixtures.java")
                .toURI());
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(
                null,
                null,
                null,
                "--release",
                "21",
                "-proc:none",
                "-classpath",
                classpath,
                "-d",
                out.toString(),
                source.toString());
        assertThat(rc).as("fixtures compile").isZero();
        return out;
    }
}
