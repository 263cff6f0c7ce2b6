package io.agentruntime.agent.catalog;

import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentProblem;
import io.agentruntime.agent.AgentsConfig;
import io.agentruntime.agent.CatalogChanged;
import io.agentruntime.agent.CatalogProblems;
import io.agentruntime.agent.CatalogSnapshot;
import io.agentruntime.agent.ParsedAgent;
import io.agentruntime.agent.file.AgentFileParser;
import io.agentruntime.common.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The agent catalog read from files: the built-in agents, then every configured folder. A reload builds a
 * whole new snapshot and swaps it in at once, so readers never see a half-loaded catalog; observers of
 * {@link CatalogChanged} hear of each swap.
 */
@ApplicationScoped
public class FileAgentCatalog implements AgentCatalog {

    private static final Logger LOG = Logger.getLogger(FileAgentCatalog.class);
    /** The origin a validated file's problems name: it comes with a request, not from a folder. */
    private static final String VALIDATE_ORIGIN = "request";

    /** The snapshot and, for the API, the same problems with their severity. */
    record State(CatalogSnapshot snapshot, List<AgentProblem> problems, String fingerprint) {}

    private final AgentsConfig config;
    private final Event<CatalogChanged> changed;
    private final CatalogLoader loader;
    private final AgentFileParser parser = new AgentFileParser();
    private final AtomicReference<State> state = new AtomicReference<>();
    private final Object loadLock = new Object();
    private long announcedVersion;
    private CatalogWatcher watcher;

    public FileAgentCatalog(AgentsConfig config, Event<CatalogChanged> changed) {
        this.config = config;
        this.changed = changed;
        List<Path> dirs = config.dirs().orElse(List.of()).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().normalize())
                .distinct()
                .toList();
        this.loader = new CatalogLoader(
                new CatalogLoader.Settings(config.includeBuiltin(), dirs, config.strict()),
                parser,
                Thread.currentThread().getContextClassLoader());
    }

    /** Loads before other start-up observers run, so that they find the catalog ready. */
    void onStart(@Observes @Priority(100) StartupEvent event) {
        State loaded = current();
        announce();
        LOG.infof(
                "Agent catalog: %d agents, %d problems (built-in: %s, folders: %s)",
                loaded.snapshot().agents().size(),
                loaded.problems().size(),
                config.includeBuiltin(),
                loader.settings().dirs());
        if (config.reload().enabled() && !loader.settings().dirs().isEmpty()) {
            watcher = new CatalogWatcher(
                    loader.settings().dirs(),
                    config.reload().interval(),
                    config.reload().debounce(),
                    loaded.fingerprint(),
                    loader::fingerprint,
                    this::reload);
            watcher.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Override
    public CatalogSnapshot snapshot() {
        return current().snapshot();
    }

    @Override
    public CatalogProblems problems() {
        State s = current();
        return new CatalogProblems(s.snapshot(), s.problems());
    }

    @Override
    public ParsedAgent validate(String fileName, String content) {
        if (content == null || content.isBlank()) {
            throw ProblemException.badField("content", "must not be blank: send the agent file");
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > CatalogLoader.MAX_FILE_BYTES) {
            throw ProblemException.badField("content", "must be at most " + CatalogLoader.MAX_FILE_BYTES + " bytes");
        }
        return parser.parse(VALIDATE_ORIGIN, fileNameOnly(fileName), bytes);
    }

    /** The current snapshot with its problems and their severity, read together. */
    State state() {
        return current();
    }

    private State current() {
        State s = state.get();
        if (s != null) {
            return s;
        }
        synchronized (loadLock) {
            if (state.get() == null) {
                // In strict mode this throws and the start fails with the list of problems.
                swap(loader.load());
            }
            return state.get();
        }
    }

    /**
     * Reads everything again and swaps the new snapshot in when anything differs. In strict mode a load with
     * errors is refused and the previous catalog stays. Answers the folders' fingerprint.
     */
    String reload() {
        State now;
        synchronized (loadLock) {
            CatalogLoader.Result result;
            try {
                result = loader.load();
            } catch (CatalogLoader.StrictModeException e) {
                LOG.errorf("Agent files changed but the catalog was not reloaded: %s", e.getMessage());
                return loader.fingerprint();
            }
            State before = state.get();
            if (before != null
                    && before.snapshot().agents().equals(result.agents())
                    && before.problems().equals(result.problems())) {
                state.set(new State(before.snapshot(), before.problems(), result.fingerprint()));
                return result.fingerprint();
            }
            now = swap(result);
        }
        LOG.infof(
                "Agent catalog reloaded: version %d, %d agents, %d problems",
                now.snapshot().version(),
                now.snapshot().agents().size(),
                now.problems().size());
        announce();
        return now.fingerprint();
    }

    private State swap(CatalogLoader.Result result) {
        State before = state.get();
        long version = before == null ? 1 : before.snapshot().version() + 1;
        Map<String, AgentDefinition> byName = new LinkedHashMap<>();
        result.agents().forEach(a -> byName.put(a.name(), a));
        CatalogSnapshot snapshot = new CatalogSnapshot(
                result.agents(),
                java.util.Collections.unmodifiableMap(byName),
                result.problems().stream().map(AgentProblem::toLoadProblem).toList(),
                version,
                Instant.now());
        State next = new State(snapshot, result.problems(), result.fingerprint());
        state.set(next);
        result.problems().forEach(p -> LOG.warnf("Agent file problem: %s", p.describe()));
        return next;
    }

    /** Fires CatalogChanged once per version, outside the load lock, never from inside a lazy first load. */
    private synchronized void announce() {
        CatalogSnapshot snapshot = state.get().snapshot();
        if (snapshot.version() <= announcedVersion) {
            return;
        }
        announcedVersion = snapshot.version();
        try {
            changed.fire(new CatalogChanged(snapshot));
        } catch (RuntimeException e) {
            LOG.error("An observer of CatalogChanged failed", e);
        }
    }

    /** Only the last segment counts: the name is used for its stem, never to touch a file. */
    private static String fileNameOnly(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return null;
        }
        String f = fileName.strip().replace('\\', '/');
        f = f.substring(f.lastIndexOf('/') + 1);
        return f.isEmpty() ? null : f;
    }
}
