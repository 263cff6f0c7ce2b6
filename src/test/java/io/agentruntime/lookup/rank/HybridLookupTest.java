package io.agentruntime.lookup.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.lookup.LookupHit;
import io.agentruntime.lookup.embed.AgentText;
import io.agentruntime.lookup.embed.AgentVectors;
import io.agentruntime.lookup.embed.Embedder;
import io.agentruntime.lookup.embed.VectorCache;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding signals over the hand-made catalog, with the real in-process model. */
class HybridLookupTest {

    private static Embedder embedder;
    private static Map<String, AgentVectors> vectors;
    private static LookupIndex index;

    @BeforeAll
    static void embedFixtures() {
        embedder = Embedder.load(Path.of("target/djl-native"));
        vectors =
                LookupFixtures.agents().stream().collect(Collectors.toMap(AgentDefinition::name, embedder::vectorsOf));
        index = LookupIndex.build(
                LookupFixtures.agents(),
                Analyzer.STANDARD,
                RankingWeights.DEFAULT,
                a -> vectors.get(a.name()),
                Embedder.DIM);
    }

    @Test
    void vectorsCoverDescriptionExamplesAndBody() {
        AgentVectors api = vectors.get("api-designer");

        assertThat(api.description()).hasSize(Embedder.DIM);
        assertThat(api.examples()).hasNumberOfRows(1);
        assertThat(api.body().length)
                .isEqualTo(AgentText.bodyChunks(LookupFixtures.agents().get(0).systemPrompt())
                        .size())
                .isPositive();
        assertThat(vectors.get("kubernetes-specialist").examples()).isEmpty();
    }

    @Test
    void hybridHitsCarryEverySignal() {
        LookupHit hit = index.search("slow database queries", embedder.embed("slow database queries"), 3)
                .get(0);

        assertThat(hit.name()).isEqualTo("postgres-pro");
        assertThat(hit.signals())
                .containsOnlyKeys("bm25", "embeddingDescription", "embeddingExamples", "embeddingBody");
        double sum =
                hit.signals().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(hit.score()).isCloseTo(sum, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void meaningWinsWithoutSharedWords() {
        // No word of this query occurs in any fixture agent; only the embeddings can place it.
        String query = "hackers broke into our website, where are the holes?";
        assertThat(LookupIndex.build(LookupFixtures.agents(), RankingWeights.DEFAULT)
                        .search(query, null, 3))
                .isEmpty();

        List<LookupHit> hits = index.search(query, embedder.embed(query), 3);

        assertThat(hits.get(0).name()).isEqualTo("penetration-tester");
        assertThat(hits.get(0).matchedTerms()).isEmpty();
        assertThat(hits.get(0).passages()).hasSize(1);
    }

    @Test
    void unrelatedRequestsMatchNothing() {
        String query = "banana bread recipe";

        assertThat(index.search(query, embedder.embed(query), 3)).isEmpty();
    }

    @Test
    void examplesHelpAsEmbeddings() {
        String query = "contract for the new orders service";

        LookupHit hit = index.search(query, embedder.embed(query), 1).get(0);

        assertThat(hit.name()).isEqualTo("api-designer");
        assertThat(hit.signals().get("embeddingExamples")).isPositive();
    }

    @Test
    void cacheKeepsVectorsOnDisk(@TempDir Path dir) throws Exception {
        AgentVectors api = vectors.get("api-designer");
        new VectorCache(dir, Embedder.VERSION).put("abc123", api);

        AgentVectors read = new VectorCache(dir, Embedder.VERSION).get("abc123").orElseThrow();

        assertThat(read.description()).containsExactly(api.description());
        assertThat(read.examples()).hasNumberOfRows(api.examples().length);
        assertThat(read.body()).hasNumberOfRows(api.body().length);
        assertThat(new VectorCache(dir, "another-model").get("abc123")).isEmpty();
        assertThat(new VectorCache(dir, Embedder.VERSION).get("../etc/passwd")).isEmpty();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VectorCache.write(new DataOutputStream(bytes), api, "v");
        assertThat(VectorCache.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), "w"))
                .isNull();
    }
}
