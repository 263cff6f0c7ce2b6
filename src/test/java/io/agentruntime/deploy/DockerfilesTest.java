package io.agentruntime.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Dockerfiles, read as text (no Docker engine here): pinned images, non-root, the application's port. */
class DockerfilesTest {

    static List<String> lines(String file) throws IOException {
        return Files.readAllLines(AppSettings.PROJECT.resolve(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.native", "Dockerfile.jvm"})
    void imagesArePinnedAndTheRuntimeIsNotRoot(String file) throws IOException {
        List<String> lines = lines(file);
        List<String> images = lines.stream()
                .filter(l -> l.startsWith("FROM "))
                .map(l -> l.split("\\s+")[1])
                .toList();
        assertThat(images).hasSize(2).allSatisfy(image -> {
            String tag = image.substring(image.lastIndexOf('/') + 1);
            assertThat(tag).as(image).contains(":").doesNotEndWith(":latest");
            // A version, not a moving alias such as "jdk-25".
            assertThat(tag.substring(tag.indexOf(':') + 1)).as(image).matches("\\d.*");
        });
        List<String> runtime = lines.subList(
                lines.indexOf(lines.stream()
                        .filter(l -> l.startsWith("FROM "))
                        .toList()
                        .get(1)),
                lines.size());
        String user = runtime.stream()
                .filter(l -> l.startsWith("USER "))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(Integer.parseInt(user.substring(5).strip()))
                .as("numeric non-root uid")
                .isPositive();
        AppSettings settings = AppSettings.load();
        // The API's port and the management interface's (health, metrics).
        assertThat(runtime).contains("EXPOSE " + settings.httpPort("prod") + " " + settings.healthPort("prod"));
        assertThat(String.join("\n", runtime)).contains("-Dquarkus.http.host=0.0.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.native", "Dockerfile.jvm"})
    void buildInputsAreInTheBuildContext(String file) throws IOException {
        List<String> ignore = lines(".dockerignore").stream()
                .filter(l -> l.startsWith("!"))
                .map(l -> l.substring(1))
                .toList();
        for (String line : lines(file)) {
            if (line.startsWith("COPY ") && !line.contains("--from=")) {
                String[] words = line.replaceAll("--chown=\\S+", "").strip().split("\\s+");
                for (int i = 1; i < words.length - 1; i++) {
                    String source = words[i];
                    assertThat(ignore)
                            .as(source + " is let into the build context")
                            .anyMatch(allowed -> allowed.equals(source) || allowed.equals(source + "/"));
                }
            }
        }
    }

    /**
     * The JVM image's AOT cache: the application packaged as aot-jar (the JDK caches only classes of its own
     * class loaders), the cache trained in the runtime stage by the runtime's JVM as the user that runs it,
     * on the class path run-java.sh starts, and used by run-java.sh's JVM.
     */
    @org.junit.jupiter.api.Test
    void theJvmImageMakesItsAotCacheWithTheJvmThatUsesIt() throws IOException {
        List<String> lines = lines("Dockerfile.jvm");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).contains("package").contains("-Dquarkus.package.jar.type=aot-jar"));
        int runtime = lines.indexOf(lines.stream()
                .filter(l -> l.startsWith("FROM "))
                .reduce((a, b) -> b)
                .orElseThrow());
        String training = lines.stream()
                .filter(l -> l.startsWith("RUN ") && l.contains("-XX:AOTCacheOutput="))
                .findFirst()
                .orElseThrow();
        assertThat(lines.indexOf(training)).isGreaterThan(runtime);
        assertThat(lines.indexOf(training))
                .as("trained as the user that runs it")
                .isGreaterThan(lines.indexOf("USER 1001"));
        Matcher cache = Pattern.compile("-XX:AOTCacheOutput=(\\S+)").matcher(training);
        assertThat(cache.find()).isTrue();
        String all = String.join("\n", lines);
        assertThat(all).contains("-XX:AOTCache=" + cache.group(1) + " ");
        Matcher jar = Pattern.compile("ENV JAVA_APP_JAR=\"([^\"]+)\"").matcher(all);
        assertThat(jar.find()).isTrue();
        assertThat(training).contains("-jar " + jar.group(1)).contains("-Dquarkus.appcds.generate=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.native"})
    void nativeBuildUsesTheSameBuilderAsTheMavenProfile(String file) throws IOException {
        String pom = Files.readString(AppSettings.PROJECT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<quarkus.native.builder-image>([^<]+)</quarkus.native.builder-image>")
                .matcher(pom);
        assertThat(m.find()).isTrue();
        assertThat(lines(file)).anySatisfy(l -> assertThat(l).startsWith("FROM " + m.group(1) + " AS build"));
        assertThat(lines(file))
                .anySatisfy(l -> assertThat(l).contains("-Pnative").contains("-Dquarkus.native.container-build=false"));
    }
}
