package io.agentruntime.cli;

import io.agentruntime.agent.AgentProblem;
import io.agentruntime.agent.ParsedAgent;
import io.agentruntime.agent.file.AgentFileParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code agents validate}: parses agent files and nothing else. It needs no bean, so {@link Main} runs it
 * before Quarkus starts: a CI step or an init container can check files without a database, a provider
 * or the catalog folder.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check agent files the way the server loads them. Prints each problem as "
                + "'file:line: message (action)'; exits 1 when a file would be dropped or lose something. "
                + "Needs no database.")
public class ValidateCommand implements Callable<Integer> {

    private static final List<String> PATH = List.of("agents", "validate");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Agent files (Markdown)")
    List<Path> files;

    @Override
    public Integer call() {
        AgentFileParser parser = new AgentFileParser();
        PrintWriter out = spec.commandLine().getOut();
        boolean valid = true;
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                out.println(file + ": cannot read the file: " + Failure.oneLine(e) + " (skipped)");
                valid = false;
                continue;
            }
            Path parent = file.getParent();
            ParsedAgent parsed = parser.parse(
                    parent == null ? "." : parent.toString(), file.getFileName().toString(), bytes);
            parsed.problems().stream().map(AgentProblem::describe).forEach(out::println);
            if (parsed.hasErrors()) {
                valid = false;
            } else {
                out.println(file + ": ok, agent '" + parsed.agent().name() + "'");
            }
        }
        out.flush();
        return valid ? ExitCode.OK : ExitCode.FAILURE;
    }

    /**
     * The arguments of {@code agents validate} when {@code args} names this command, otherwise null. They
     * lose {@code --verbose} (allowed anywhere, as for every command): this command logs nothing.
     */
    static String[] arguments(String... args) {
        List<String> rest = new ArrayList<>();
        boolean endOfOptions = false;
        for (String a : args) {
            if (!endOfOptions && a.equals("--verbose")) {
                continue;
            }
            endOfOptions |= a.equals("--");
            rest.add(a);
        }
        if (rest.size() < PATH.size() || !rest.subList(0, PATH.size()).equals(PATH)) {
            return null;
        }
        return rest.subList(PATH.size(), rest.size()).toArray(String[]::new);
    }

    /** Runs the command outside Quarkus, with the same one-line errors and exit codes as inside. */
    static int execute(String... arguments) {
        CommandLine cl = AgentRuntimeCommand.handleErrors(new CommandLine(new ValidateCommand()));
        cl.setCommandName(AgentRuntimeCommand.NAME + " agents validate");
        return cl.execute(arguments);
    }
}
