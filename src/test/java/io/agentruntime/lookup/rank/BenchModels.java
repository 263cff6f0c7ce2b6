package io.agentruntime.lookup.rank;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import io.agentruntime.lookup.embed.Embedder;
import java.util.List;

/** The small embedding models the benchmark compares (the service's and two test-scope ones). */
final class BenchModels {

    static final Embedder.Model BGE_SMALL = new Embedder.Model(
            "bge-small-en-v1.5-q",
            "bge-small-en-v15-q/1",
            "Represent this sentence for searching relevant passages: ",
            "",
            () -> new BgeSmallEnV15QuantizedEmbeddingModel(Runnable::run));
    static final Embedder.Model E5_SMALL = new Embedder.Model(
            "e5-small-v2-q",
            "e5-small-v2-q/1",
            "query: ",
            "passage: ",
            () -> new E5SmallV2QuantizedEmbeddingModel(Runnable::run));
    /** The service's model. */
    static final Embedder.Model MINILM = Embedder.DEFAULT;

    static final List<Embedder.Model> ALL = List.of(MINILM, BGE_SMALL, E5_SMALL);

    private BenchModels() {}
}
