package io.agentruntime.lookup.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The in-process sentence-embedding model ({@link #DEFAULT}: all-MiniLM-L6-v2, quantized, 384 dimensions)
 * and how an agent's texts are turned into {@link AgentVectors}. Loading the model can fail (no ONNX runtime for
 * the platform, a native image); {@link #load()} then throws and callers fall back to keywords.
 */
public final class Embedder {

    public static final int DIM = 384;

    /**
     * A sentence-embedding model of {@link #DIM} dimensions and how it wants its texts.
     *
     * @param name          the model's name as the lookup reports it
     * @param version       part of every cache key: differs per model, bumped when what is embedded changes
     * @param queryPrefix   put before a query (models trained with instructions want one)
     * @param passagePrefix put before an agent's text
     * @param factory       loads the model; it runs its work on the calling thread
     */
    public record Model(
            String name, String version, String queryPrefix, String passagePrefix, Supplier<EmbeddingModel> factory) {}

    /**
     * The model the service uses. bge-small-en-v1.5 and e5-small-v2 (same size class, 12 layers) ranked no
     * better on the routing corpus's held-out split and cost more CPU and jar (bench/results/lookup.md).
     */
    public static final Model DEFAULT = new Model(
            "all-MiniLM-L6-v2-q",
            "minilm-l6-v2-q/2",
            "",
            "",
            () -> new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run));
    /** The model's name as the lookup reports it. */
    public static final String MODEL = DEFAULT.name();
    /** Part of every cache key: bump it when what is embedded for an agent changes. */
    public static final String VERSION = DEFAULT.version();

    private final EmbeddingModel model;
    private final Model spec;

    private Embedder(Model spec) {
        this.model = spec.factory().get();
        this.spec = spec;
    }

    /**
     * Loads the model (about a second); runs its work on the calling thread. The tokenizer's native
     * library is unpacked into {@code nativeDir}: DJL's own default is the home folder, which a container
     * with a read-only root file system cannot write.
     */
    public static Embedder load(Path nativeDir) {
        return load(nativeDir, DEFAULT);
    }

    /** Loads the given model; see {@link #load(Path)}. */
    public static Embedder load(Path nativeDir, Model spec) {
        try {
            Files.createDirectories(nativeDir);
        } catch (IOException e) {
            throw new NativeDirException(nativeDir, e);
        }
        if (!Files.isWritable(nativeDir)) {
            throw new NativeDirException(nativeDir, null);
        }
        // DJL reads DJL_CACHE_DIR from the environment first, then from the system properties.
        if (System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", nativeDir.toAbsolutePath().toString());
        }
        return new Embedder(spec);
    }

    /** The folder for the native libraries cannot be written: an operator's mistake, said in their terms. */
    public static final class NativeDirException extends RuntimeException {
        NativeDirException(Path dir, IOException cause) {
            super("lookup.embedding.native-dir (" + dir + ") is not a writable folder", cause);
        }
    }

    /** The unit vector of one query. */
    public float[] embed(String query) {
        return unit(model.embed(spec.queryPrefix() + query).content().vector());
    }

    /** The unit vectors of an agent's texts. */
    List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream()
                .map(t -> TextSegment.from(spec.passagePrefix() + t))
                .toList();
        List<Embedding> embeddings = model.embedAll(segments).content();
        List<float[]> out = new ArrayList<>(embeddings.size());
        for (Embedding e : embeddings) {
            out.add(unit(e.vector()));
        }
        return out;
    }

    /** Embeds the description prose, each example's user text and each chunk of the system prompt. */
    public AgentVectors vectorsOf(AgentDefinition agent) {
        List<String> texts = new ArrayList<>();
        boolean hasDescription =
                agent.description() != null && !agent.description().isBlank();
        if (hasDescription) {
            texts.add(agent.description().strip());
        }
        int examples = 0;
        for (AgentExample example : agent.examples() == null ? List.<AgentExample>of() : agent.examples()) {
            if (example.user() != null && !example.user().isBlank()) {
                texts.add(example.user().strip());
                examples++;
            }
        }
        List<String> chunks = AgentText.bodyChunks(agent.systemPrompt());
        texts.addAll(chunks);
        List<float[]> vectors = embedAll(texts);
        int i = 0;
        float[] description = hasDescription ? vectors.get(i++) : null;
        float[][] exampleVectors = new float[examples][];
        for (int e = 0; e < examples; e++) {
            exampleVectors[e] = vectors.get(i++);
        }
        float[][] body = new float[chunks.size()][];
        for (int c = 0; c < chunks.size(); c++) {
            body[c] = vectors.get(i++);
        }
        return new AgentVectors(description, exampleVectors, body);
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0 || Math.abs(norm - 1) < 1e-6) {
            return v;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }
}
