package io.agentruntime.lookup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the agent lookup ({@code lookup.*}). */
@ConfigMapping(prefix = "lookup")
public interface LookupConfig {

    /** How many agents a lookup returns when the request names no limit. */
    @WithDefault("5")
    @Min(1)
    @Max(1000)
    int defaultLimit();

    /** The largest limit a request may ask for. */
    @WithDefault("50")
    @Min(1)
    @Max(1000)
    int maxLimit();

    /**
     * The agent a task without an agent runs with when the lookup finds none that covers its input
     * (verdict noMatch); a request's {@code fallbackAgent} overrides it. Absent, such a task is refused
     * with a 422 naming the closest agents.
     */
    Optional<String> fallbackAgent();

    /** The sentence-embedding signal. */
    Embedding embedding();

    interface Embedding {

        /**
         * Whether to rank with the in-process embedding model as well as with keywords. The model loads
         * and embeds the agents in the background after start; until then, and when this is false or the
         * model cannot load, lookups rank by keywords only.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * A directory where agent vectors are kept across restarts, by file SHA-256; absent, they are kept
         * in memory only and every start embeds the catalog again.
         */
        Optional<Path> cacheDir();

        /**
         * A writable folder where the model's tokenizer unpacks its native library at start (DJL's cache;
         * the environment variable {@code DJL_CACHE_DIR}, when set, wins). DJL's own default is the home
         * folder, which a read-only root file system cannot write: the Kubernetes Deployment mounts an
         * {@code emptyDir} here. ONNX Runtime unpacks its library into {@code java.io.tmpdir}.
         */
        @WithDefault("${java.io.tmpdir}/agent-runtime-native")
        Path nativeDir();

        /**
         * How long after start the model begins to load (counted from the lookup's start, at the
         * application's start event). Loading it takes seconds of CPU (ONNX Runtime, the tokenizer's native
         * library, the model's graph): started at once, it competed with the rest of the start for the CPU
         * and delayed readiness. Until it has loaded, lookups rank by keywords ({@code loading}); {@code 0s}
         * loads it at once.
         */
        @WithDefault("10s")
        Duration loadDelay();
    }
}
