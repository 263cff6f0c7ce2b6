package io.agentruntime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.auth.AuthConfig;
import io.agentruntime.auth.AuthMethod;
import io.agentruntime.auth.Caller;
import io.agentruntime.auth.Roles;
import io.agentruntime.auth.TenantScope;
import io.agentruntime.common.problem.ProblemType;
import io.agentruntime.session.SessionService;
import io.agentruntime.task.IfBusy;
import io.agentruntime.task.TaskCommand;
import io.agentruntime.task.TaskService;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskView;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code run}: one task through {@link TaskService}, exactly as {@code POST /v1/tasks} would run it (same
 * catalog, providers and database), then the answer on standard output.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run one task and print the answer. The task and its session are stored like any other and "
                + "can be read through the API afterwards. Input from --input, --input-file or standard input.")
public class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--agent",
            paramLabel = "NAME",
            description =
                    "The agent; without it the session's agent, or for a new session the best match of the lookup")
    String agent;

    @ArgGroup(exclusive = true)
    InputSource source;

    static class InputSource {
        @Option(
                names = "--input-file",
                paramLabel = "FILE",
                description = "Read the input from this file (UTF-8); '-' is standard input")
        Path file;

        @Option(names = "--input", paramLabel = "TEXT", description = "The input itself")
        String text;
    }

    @Option(names = "--session", paramLabel = "ID", description = "Continue this session instead of starting one")
    UUID session;

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            description = "Override the agent's model (an alias, provider/model or a model id)")
    String model;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Output limit")
    Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature")
    Double temperature;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Kept with the task (repeatable)")
    Map<String, String> metadata;

    @Option(
            names = "--idempotency-key",
            paramLabel = "KEY",
            description = "A retry with the same key and arguments returns the first task instead of running again "
                    + "(e.g. the Job's name, so that a retried pod does not run the task twice)")
    String idempotencyKey;

    @Option(
            names = "--if-busy",
            paramLabel = "enqueue|reject",
            defaultValue = "enqueue",
            description = "When the session already has a task: wait behind it (the server's workers run it) or fail")
    IfBusy ifBusy;

    @Option(
            names = "--output",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "text: the answer only; json: the whole task record")
    Output output;

    /** The subject recorded as the creator of what {@code run} stores. */
    static final String SUBJECT = "command";

    private final TaskService tasks;
    private final AgentCatalog catalog;
    private final SessionService sessions;
    private final ObjectMapper json;
    private final TenantScope scope;
    private final String tenant;

    public RunCommand(
            TaskService tasks,
            AgentCatalog catalog,
            SessionService sessions,
            ObjectMapper json,
            TenantScope scope,
            CliConfig cli,
            AuthConfig auth) {
        this.tasks = tasks;
        this.catalog = catalog;
        this.sessions = sessions;
        this.json = json;
        this.scope = scope;
        this.tenant = cli.tenant().filter(t -> !t.isBlank()).orElse(auth.defaultTenant());
    }

    @Override
    public Integer call() throws Exception {
        // As a caller of the tenant, exactly as the API would: what it stores is the tenant's, what it finds too.
        return scope.runAs(new Caller(tenant, SUBJECT, Roles.of(Roles.CALLER), AuthMethod.COMMAND), this::run);
    }

    private Integer run() throws IOException {
        String input = input();
        // Checked here as well for a message in the terms of this command rather than the API's.
        if (agent != null && catalog.find(agent).isEmpty()) {
            throw new CommandFailure(
                    ExitCode.NOT_FOUND, "unknown agent '" + agent + "' ('agent-runtime agents list' lists them)");
        }
        if (session != null && sessions.find(session).isEmpty()) {
            throw new CommandFailure(ExitCode.NOT_FOUND, "unknown session '" + session + "'");
        }
        Map<String, Object> meta = metadata == null ? null : new LinkedHashMap<>(metadata);
        TaskView task = tasks.run(new TaskCommand(
                agent, input, session, model, maxTokens, temperature, meta, ifBusy, idempotencyKey, null));

        PrintWriter out = spec.commandLine().getOut();
        if (output == Output.JSON) {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(task));
        } else if (task.status() == TaskStatus.COMPLETED && task.output() != null) {
            out.print(task.output());
            if (!task.output().endsWith("\n")) {
                out.println();
            }
        }
        out.flush();
        return switch (task.status()) {
            case COMPLETED -> ExitCode.OK;
            case CANCELED -> throw new CommandFailure(ExitCode.FAILURE, "task " + task.id() + " was canceled");
            default -> throw failed(task);
        };
    }

    private String input() {
        if (source != null && source.text != null) {
            return source.text;
        }
        try {
            if (source != null && source.file != null && !source.file.toString().equals("-")) {
                return Files.readString(source.file, StandardCharsets.UTF_8);
            }
            return new String(stdin().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            String what = source != null && source.file != null ? "input file '" + source.file + "'" : "standard input";
            throw new ParameterException(spec.commandLine(), "cannot read " + what + ": " + Failure.oneLine(e));
        }
    }

    InputStream stdin() {
        return System.in;
    }

    /** A task that ran and failed, by the kind of its error. */
    private static CommandFailure failed(TaskView task) {
        TaskView.TaskError error = task.error();
        if (error == null) {
            return new CommandFailure(
                    ExitCode.FAILURE,
                    "task " + task.id() + " ended as " + task.status().wireName());
        }
        if (error.provider() != null) {
            return new CommandFailure(ExitCode.PROVIDER, "provider error: " + error.detail());
        }
        ProblemType type = ProblemType.INTERNAL;
        for (ProblemType t : ProblemType.values()) {
            if (t.uri().equals(error.type())) {
                type = t;
            }
        }
        Failure f = Failure.of(type, error.detail());
        return new CommandFailure(
                f.exitCode(), f.exitCode() == ExitCode.FAILURE ? "task failed: " + f.message() : f.message());
    }
}
