package io.agentruntime.lookup.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.file.AgentFileParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The vectors the build ships for the built-in agents (agents/vectors.bin, written in process-classes). */
class ShippedVectorsTest {

    private static final Path AGENTS = Path.of("agents");

    @Test
    void theBuildShipsOneEntryPerBuiltInAgentFileOfThisModelVersion() throws IOException {
        Map<String, AgentVectors> shipped = ShippedVectors.load(getClass().getClassLoader(), Embedder.VERSION);

        Set<String> files;
        try (Stream<Path> list = Files.list(AGENTS)) {
            files = list.filter(p -> p.toString().endsWith(".md"))
                    .map(p -> {
                        try {
                            return AgentFileParser.sha256(Files.readAllBytes(p));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.toSet());
        }
        assertThat(files).hasSizeGreaterThan(10);
        assertThat(shipped.keySet()).isEqualTo(files);
        assertThat(shipped.values()).allSatisfy(v -> {
            assertThat(v.description()).hasSize(Embedder.DIM);
            assertThat(v.body()).isNotEmpty();
        });
        // Another model version finds nothing, so its agents are embedded at run time instead.
        assertThat(ShippedVectors.load(getClass().getClassLoader(), "another-model/1"))
                .isEmpty();
    }

    @Test
    void shippedVectorsAreWhatTheModelComputesAtRunTime() throws IOException {
        Path file = AGENTS.resolve("code-reviewer.md");
        AgentDefinition agent = new AgentFileParser()
                .parse("classpath:agents", "code-reviewer.md", Files.readAllBytes(file))
                .agent();
        AgentVectors shipped = ShippedVectors.load(getClass().getClassLoader(), Embedder.VERSION)
                .get(agent.source().sha256());

        AgentVectors now = Embedder.load(Path.of("target/djl-native")).vectorsOf(agent);

        assertThat(shipped.body()).hasSameDimensionsAs(now.body());
        assertThat(shipped.examples()).hasSameDimensionsAs(now.examples());
        assertThat(cosine(shipped.description(), now.description())).isGreaterThan(0.9999);
        for (int i = 0; i < now.body().length; i++) {
            assertThat(cosine(shipped.body()[i], now.body()[i])).isGreaterThan(0.9999);
        }
    }

    @Test
    void writesSortedAndReadsBackOnlyItsOwnVersion() throws IOException {
        AgentVectors a = new AgentVectors(new float[] {1, 0}, new float[][] {{0, 1}}, new float[0][]);
        AgentVectors b = new AgentVectors(null, new float[0][], new float[][] {{0.6f, 0.8f}});
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        ShippedVectors.write(one, Map.of("bb", b, "aa", a), "v1");
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        ShippedVectors.write(two, Map.of("aa", a, "bb", b), "v1");
        assertThat(one.toByteArray()).isEqualTo(two.toByteArray());

        Map<String, AgentVectors> read = ShippedVectors.read(new ByteArrayInputStream(one.toByteArray()), "v1");
        assertThat(read).containsOnlyKeys("aa", "bb");
        assertThat(read.get("aa").description()).containsExactly(1, 0);
        assertThat(read.get("bb").description()).isNull();
        assertThat(read.get("bb").body()[0]).containsExactly(0.6f, 0.8f);
        assertThat(ShippedVectors.read(new ByteArrayInputStream(one.toByteArray()), "v2"))
                .isEmpty();
    }

    @Test
    void theCacheSaysWhereAnEntryCameFrom() {
        AgentVectors shipped = new AgentVectors(new float[] {1, 0}, new float[0][], new float[0][]);
        AgentVectors computed = new AgentVectors(new float[] {0, 1}, new float[0][], new float[0][]);
        VectorCache cache = new VectorCache(null, "v1", () -> Map.of("aa", shipped));

        assertThat(cache.find("aa")).hasValueSatisfying(f -> {
            assertThat(f.origin()).isEqualTo(VectorCache.Origin.SHIPPED);
            assertThat(f.vectors()).isSameAs(shipped);
        });
        assertThat(cache.find("bb")).isEmpty();
        cache.put("bb", computed);
        assertThat(cache.find("bb"))
                .hasValueSatisfying(f -> assertThat(f.origin()).isEqualTo(VectorCache.Origin.MEMORY));
        // Forgetting the memory entries leaves the shipped ones.
        cache.retainOnly(Set.of());
        assertThat(cache.find("aa")).isPresent();
        assertThat(cache.find("bb")).isEmpty();
    }

    private static double cosine(float[] x, float[] y) {
        double dot = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
        }
        return dot;
    }
}
