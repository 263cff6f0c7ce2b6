package io.agentruntime.lookup.rank;

import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.CatalogChanged;
import io.agentruntime.agent.CatalogSnapshot;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.lookup.AgentLookup;
import io.agentruntime.lookup.LookupConfig;
import io.agentruntime.lookup.LookupEmbedding;
import io.agentruntime.lookup.LookupHit;
import io.agentruntime.lookup.LookupResult;
import io.agentruntime.lookup.embed.Embedder;
import io.agentruntime.lookup.embed.ShippedVectors;
import io.agentruntime.lookup.embed.VectorCache;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The agent lookup over the current catalog snapshot. Each new snapshot gets a keyword index at once
 * (built fully, then swapped in); the embedding model then runs on a background thread and, once
 * every agent has vectors, a hybrid index replaces the keyword one. The model's first load waits
 * {@code lookup.embedding.load-delay} after start, so that its seconds of CPU do not compete with the rest
 * of the start. Vectors are cached by file SHA-256, so a reload embeds only the files that changed. If the
 * model cannot load, lookups stay keyword-only.
 */
@ApplicationScoped
public class CatalogLookup implements AgentLookup {

    private static final Logger LOG = Logger.getLogger(CatalogLookup.class);
    private static final LookupIndex EMPTY = LookupIndex.build(List.of(), RankingWeights.DEFAULT);

    /** The index in use and the snapshot it was built from. */
    private record Built(CatalogSnapshot snapshot, LookupIndex index) {}

    private final AgentCatalog catalog;
    private final LookupConfig config;
    private final VectorCache vectors;
    private final AtomicReference<Built> current = new AtomicReference<>();
    private final Object indexLock = new Object();
    private final ScheduledExecutorService embedding;
    /** {@link System#nanoTime()} before which the model does not load (start plus the load delay). */
    private final long loadNotBefore;

    private final AtomicBoolean queryFailureLogged = new AtomicBoolean();
    private volatile Embedder embedder;
    private volatile boolean embedderFailed;
    /** Why the embedding signal is off although enabled (the model or an agent failed); null otherwise. */
    private volatile String failure;
    /** Agents of the current snapshot that have their vectors. */
    private volatile int agentsEmbedded;
    /**
     * Agents the background indexing got vectors for since start, by where they came from: computed by the
     * model, shipped with the build (built-in agents), or read back from the cache (memory or disk).
     */
    private final AtomicLong vectorsFromModel = new AtomicLong();

    private final AtomicLong vectorsShipped = new AtomicLong();
    private final AtomicLong vectorsFromCache = new AtomicLong();

    CatalogLookup(AgentCatalog catalog, LookupConfig config) {
        this.catalog = catalog;
        this.config = config;
        this.vectors = new VectorCache(
                config.embedding().cacheDir().orElse(null),
                Embedder.VERSION,
                () -> ShippedVectors.load(CatalogLookup.class.getClassLoader(), Embedder.VERSION));
        this.loadNotBefore =
                System.nanoTime() + Math.max(0, config.embedding().loadDelay().toNanos());
        this.embedding = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "agent-lookup-embedding");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    void onStart(@Observes StartupEvent event) {
        if (current.get() == null) {
            rebuild(catalog.snapshot());
        }
    }

    void onCatalogChanged(@Observes CatalogChanged event) {
        rebuild(event.snapshot());
    }

    @PreDestroy
    void stop() {
        embedding.shutdownNow();
    }

    @Override
    public List<LookupHit> lookup(String query, int limit) {
        return rank(query, limit).hits();
    }

    @Override
    public LookupResult search(String query, Integer limit) {
        int max = config.maxLimit();
        int n = limit == null ? Math.min(config.defaultLimit(), max) : limit;
        if (n < 1 || n > max) {
            throw ProblemException.badField("limit", "must be between 1 and " + max);
        }
        return rank(query, n);
    }

    /** The hits, and whether the embedding signals took part (else the ranking is keyword-only). */
    private LookupResult rank(String query, int limit) {
        LookupIndex index = index();
        float[] queryVector = index.hasVectors() ? embedQuery(query) : null;
        LookupIndex.Ranking ranking = index.rank(query, queryVector, limit);
        return new LookupResult(ranking.hits(), queryVector != null, ranking.verdict());
    }

    @Override
    public Answer answer(String query, int limit) {
        LookupResult result = rank(query, limit);
        return new Answer(result.hits(), result.verdict());
    }

    /** Whether lookups use the embedding signals now. */
    public boolean hybrid() {
        Built built = current.get();
        return built != null && built.index().hasVectors();
    }

    @Override
    public LookupEmbedding embeddingState() {
        Built built = current.get();
        int agents = built == null ? 0 : built.index().size();
        boolean hybrid = built != null && built.index().hasVectors();
        String state;
        String reason;
        if (hybrid) {
            state = LookupEmbedding.READY;
            reason = null;
        } else if (!config.embedding().enabled()) {
            state = LookupEmbedding.DISABLED;
            reason = "turned off by the setting lookup.embedding.enabled=false";
        } else if (failure != null) {
            state = LookupEmbedding.FAILED;
            reason = failure;
        } else {
            state = LookupEmbedding.LOADING;
            if (agents == 0) {
                reason = "no agents to embed yet";
            } else if (embedder == null && loadWait() > 0) {
                reason = "the model loads once the start-up delay (lookup.embedding.load-delay) has passed;"
                        + " lookups rank by keywords until then";
            } else {
                reason =
                        "the model is embedding the agents in the background; lookups rank by keywords until it is done";
            }
        }
        return new LookupEmbedding(
                state, Embedder.MODEL, agents, hybrid ? agents : Math.min(agentsEmbedded, agents), reason);
    }

    private LookupIndex index() {
        Built built = current.get();
        if (built == null) {
            // A lookup before the start event: build from whatever the catalog holds.
            synchronized (indexLock) {
                if (current.get() == null) {
                    rebuild(catalog.snapshot());
                }
            }
            built = current.get();
        }
        return built == null ? EMPTY : built.index();
    }

    /** Builds the index of a snapshot and swaps it in; builds run one at a time, in the order of the events. */
    private void rebuild(CatalogSnapshot snapshot) {
        if (snapshot == null) {
            return;
        }
        LookupIndex index;
        synchronized (indexLock) {
            boolean useVectors = config.embedding().enabled() && embedder != null && allCached(snapshot.agents());
            index = build(snapshot, useVectors);
            current.set(new Built(snapshot, index));
            agentsEmbedded = useVectors ? index.size() : 0;
        }
        LOG.debugf(
                "Agent lookup indexed %d agents (catalog version %d, %s)",
                index.size(), snapshot.version(), index.hasVectors() ? "hybrid" : "keyword");
        if (config.embedding().enabled() && !embedderFailed && !index.hasVectors() && index.size() > 0) {
            try {
                // Before the model has loaded, a task waits for the end of the load delay; one whose snapshot
                // was superseded by then returns at once.
                embedding.schedule(
                        () -> embedLogged(snapshot), embedder == null ? loadWait() : 0, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("Shutting down: the catalog change is not embedded");
            }
        }
    }

    /** Nanoseconds until the model may load; 0 once the delay has passed. */
    private long loadWait() {
        return Math.max(0, loadNotBefore - System.nanoTime());
    }

    private LookupIndex build(CatalogSnapshot snapshot, boolean withVectors) {
        return LookupIndex.build(
                snapshot.agents(),
                Analyzer.STANDARD,
                RankingWeights.DEFAULT,
                withVectors ? a -> vectors.get(cacheKey(a)).orElse(null) : null,
                Embedder.DIM);
    }

    private boolean allCached(List<AgentDefinition> agents) {
        for (AgentDefinition agent : agents) {
            if (vectors.get(cacheKey(agent)).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A scheduled task's failure would stay in its future unseen: it is logged here instead, errors too (the
     * model's load runs out of heap below about 112 MiB, which the thread's uncaught handler used to log).
     */
    private void embedLogged(CatalogSnapshot snapshot) {
        try {
            embedInBackground(snapshot);
        } catch (RuntimeException | Error e) {
            LOG.error("The lookup's background embedding failed; lookups rank by keywords", e);
        }
    }

    private void embedInBackground(CatalogSnapshot snapshot) {
        Embedder model = embedder();
        if (model == null) {
            return;
        }
        long start = System.nanoTime();
        int embedded = 0;
        int shipped = 0;
        agentsEmbedded = 0;
        for (AgentDefinition agent : snapshot.agents()) {
            if (!isCurrent(snapshot) || Thread.currentThread().isInterrupted()) {
                return; // superseded: the task queued for the newer snapshot reuses what is cached
            }
            String key = cacheKey(agent);
            VectorCache.Origin origin =
                    vectors.find(key).map(VectorCache.Found::origin).orElse(null);
            if (origin == VectorCache.Origin.SHIPPED) {
                shipped++;
                vectorsShipped.incrementAndGet();
            } else if (origin != null) {
                vectorsFromCache.incrementAndGet();
            } else {
                try {
                    vectors.put(key, model.vectorsOf(agent));
                    embedded++;
                    vectorsFromModel.incrementAndGet();
                } catch (RuntimeException e) {
                    LOG.warnf(
                            e, "Could not embed agent '%s'; lookups stay keyword-only for this catalog", agent.name());
                    failure = "could not embed the agent '" + agent.name()
                            + "'; lookups rank by keywords until the catalog changes";
                    return;
                }
            }
            agentsEmbedded++;
        }
        LookupIndex hybrid = build(snapshot, true);
        synchronized (indexLock) {
            if (!isCurrent(snapshot)) {
                return;
            }
            current.set(new Built(snapshot, hybrid));
            agentsEmbedded = hybrid.size();
            failure = null;
        }
        Set<String> keys = new HashSet<>();
        snapshot.agents().forEach(a -> keys.add(cacheKey(a)));
        vectors.retainOnly(keys);
        LOG.infof(
                "Agent lookup is hybrid: %d agents, %d embedded in %d ms, %d shipped with the build, %d from the cache",
                hybrid.size(),
                embedded,
                (System.nanoTime() - start) / 1_000_000,
                shipped,
                hybrid.size() - embedded - shipped);
    }

    /**
     * Agents the background indexing got vectors for since start, from {@code source}: {@code model}
     * (embedded now), {@code shipped} (computed by the build) or {@code cache} (memory or disk).
     */
    public long vectorsFrom(String source) {
        return switch (source) {
            case "model" -> vectorsFromModel.get();
            case "shipped" -> vectorsShipped.get();
            case "cache" -> vectorsFromCache.get();
            default -> throw new IllegalArgumentException(source);
        };
    }

    private boolean isCurrent(CatalogSnapshot snapshot) {
        Built built = current.get();
        return built != null && built.snapshot() == snapshot;
    }

    /** The model, loaded on first use; null (logged once) when it cannot load on this platform. */
    private Embedder embedder() {
        if (embedder == null && !embedderFailed) {
            try {
                long start = System.nanoTime();
                embedder = Embedder.load(config.embedding().nativeDir());
                LOG.infof("Loaded the lookup embedding model in %d ms", (System.nanoTime() - start) / 1_000_000);
            } catch (Embedder.NativeDirException e) {
                modelFailed(e.getMessage(), e);
            } catch (RuntimeException | LinkageError e) {
                modelFailed("the model could not load on this platform (the log says why)", e);
            }
        }
        return embedder;
    }

    /** Logged once with the cause; the reason is said without Java names, for callers and operators. */
    private void modelFailed(String reason, Throwable cause) {
        embedderFailed = true;
        failure = reason + "; lookups rank by keywords only";
        LOG.warnf("The lookup embedding model could not load (%s); lookups rank by keywords only", cause);
    }

    private float[] embedQuery(String query) {
        Embedder model = embedder;
        if (model == null) {
            return null;
        }
        try {
            return model.embed(query);
        } catch (RuntimeException e) {
            if (queryFailureLogged.compareAndSet(false, true)) {
                LOG.warnf(e, "Could not embed a lookup query; falling back to keywords for such queries");
            }
            return null;
        }
    }

    /** The agent file's SHA-256, or a digest of its texts when the source does not give one. */
    static String cacheKey(AgentDefinition agent) {
        if (agent.source() != null
                && agent.source().sha256() != null
                && !agent.source().sha256().isBlank()) {
            return agent.source().sha256();
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {
                agent.name(), agent.description(), agent.systemPrompt(), String.valueOf(agent.examples())
            }) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
