package io.agentruntime.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code agent-runtime}: the commands of command mode. Without any argument the artifact is the server. */
@TopCommand
@Command(
        name = AgentRuntimeCommand.NAME,
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        subcommands = {RunCommand.class, AgentsCommand.class, KeysCommand.class},
        description = "Runs one task or an operator command with the server's configuration and database, then exits. "
                + "Without arguments: the HTTP server.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failed task, invalid agent file or other error",
            "2:bad arguments or input",
            "3:unknown agent or session",
            "4:model provider error, or no provider configured",
            "5:database unreachable"
        })
public class AgentRuntimeCommand {

    static final String NAME = "agent-runtime";

    /** Read by {@link Main} before Quarkus starts; declared here so that every command accepts it. */
    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Show the application's log (INFO and up) on stderr.")
    boolean verbose;

    /** The command line with our error handling: one line on stderr and a documented exit code, never a stack trace. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return handleErrors(new CommandLine(AgentRuntimeCommand.class, factory));
    }

    /** One line on stderr and a documented exit code for {@code cl}, also used before Quarkus starts. */
    static CommandLine handleErrors(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr()
                    .println(NAME + ": " + Failure.oneLine(e) + " (see '"
                            + failed.getCommandSpec().qualifiedName() + " --help')");
            failed.getErr().flush();
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Failure f = Failure.of(e);
            commandLine.getErr().println(NAME + ": " + f.message());
            commandLine.getErr().flush();
            return f.exitCode();
        });
        return cl;
    }
}
