package io.agentruntime.cli;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One artifact, two ways to run: without arguments it is the HTTP server; with arguments it runs one
 * command (see {@link AgentRuntimeCommand}) and exits with its code.
 *
 * <p>Command mode is configured here, before Quarkus starts, because what it switches off (the HTTP
 * listener, the background worker, the folder watcher) is read once at start. Only system properties
 * can do that ahead of the configuration; they are put back afterwards so that tests running several
 * applications in one JVM are not affected. {@code agents validate} needs none of the application and
 * runs before it, so that it works without a database.
 */
@QuarkusMain
public class Main {

    /** Set by the launcher: the command's arguments never reach the server. */
    static final Map<String, String> COMMAND_MODE = Map.of(
            // No listener: a Job needs no port, and it may run next to a server on the same host.
            "quarkus.http.host-enabled", "false",
            "quarkus.management.host-enabled", "false",
            // A one-shot process must not claim queued tasks it would abandon on exit.
            "tasks.worker.enabled", "false",
            "agents.reload.enabled", "false",
            // The model embeds the agents in the background after start, for lookups that come later; a
            // command exits before that pays off, and an exit during a native model call can crash the JVM.
            "lookup.embedding.enabled", "false",
            // Standard output carries the answer only; logs go to standard error.
            "quarkus.log.console.stderr", "true");

    /** Quiet unless --verbose: a Job's log should show the answer or the one-line reason. */
    static final Map<String, String> QUIET = Map.of("quarkus.log.console.level", "WARN");

    public static void main(String... args) {
        if (args.length == 0) {
            Quarkus.run();
            return;
        }
        String[] validate = ValidateCommand.arguments(args);
        if (validate != null) {
            // Parsing files needs no database: without Quarkus, a missing or unreachable one cannot stop it.
            ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(ValidateCommand.execute(validate), null);
            return;
        }
        Map<String, String> settings = new LinkedHashMap<>(COMMAND_MODE);
        if (!verbose(args)) {
            settings.putAll(QUIET);
        }
        Map<String, String> previous = apply(settings);
        try {
            Quarkus.run(CommandApp.class, exitHandler(), args);
        } finally {
            restore(previous);
        }
    }

    /**
     * A start that fails (PostgreSQL unreachable, a setting missing) ends with one line and its exit code
     * instead of Quarkus's stack trace; then the default handler exits (or, in tests, records the code).
     */
    private static BiConsumer<Integer, Throwable> exitHandler() {
        return (code, failure) -> {
            int exit = code;
            if (failure != null) {
                Failure f = Failure.ofStartup(failure);
                System.err.println(AgentRuntimeCommand.NAME + ": " + f.message());
                exit = f.exitCode();
            }
            ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(exit, failure);
        };
    }

    static boolean verbose(String... args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** An explicit -D on the command line wins over the command-mode default. */
    private static Map<String, String> apply(Map<String, String> settings) {
        Map<String, String> previous = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String old = System.getProperty(e.getKey());
            previous.put(e.getKey(), old);
            if (old == null) {
                System.setProperty(e.getKey(), e.getValue());
            }
        }
        return previous;
    }

    private static void restore(Map<String, String> previous) {
        for (Map.Entry<String, String> e : previous.entrySet()) {
            if (e.getValue() == null) {
                System.clearProperty(e.getKey());
            }
        }
    }
}
