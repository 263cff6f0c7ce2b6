package io.agentruntime.cli;

import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Singleton;
import picocli.CommandLine;

/** Runs the command line given to {@link Main} once Quarkus has started, and answers its exit code. */
@Singleton
public class CommandApp implements QuarkusApplication {

    private final CommandLine.IFactory factory;

    public CommandApp(CommandLine.IFactory factory) {
        this.factory = factory;
    }

    @Override
    public int run(String... args) {
        return AgentRuntimeCommand.commandLine(factory).execute(args);
    }
}
