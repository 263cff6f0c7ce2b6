package io.agentruntime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentSource;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.lookup.AgentLookup;
import io.agentruntime.lookup.LookupHit;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code agents list|lookup|validate}: the catalog for operators, as the server would load it. */
@Command(
        name = "agents",
        description = "List, look up and validate agents.",
        mixinStandardHelpOptions = true,
        subcommands = ValidateCommand.class)
public class AgentsCommand {

    private static final int DESCRIPTION_WIDTH = 100;

    @Spec
    CommandSpec spec;

    private final AgentCatalog catalog;
    private final AgentLookup lookup;
    private final ObjectMapper json;

    public AgentsCommand(AgentCatalog catalog, AgentLookup lookup, ObjectMapper json) {
        this.catalog = catalog;
        this.lookup = lookup;
        this.json = json;
    }

    @Command(name = "list", description = "List the agents, sorted by name.", mixinStandardHelpOptions = true)
    int list(@Option(names = "--output", defaultValue = "text", description = "text (a table) or json") Output output)
            throws IOException {
        List<AgentDefinition> agents = catalog.snapshot().agents();
        PrintWriter out = out();
        if (output == Output.JSON) {
            List<AgentLine> items = agents.stream()
                    .map(a -> new AgentLine(a.name(), a.description(), a.model(), a.tools(), a.color(), a.source()))
                    .toList();
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(items));
        } else {
            int width = agents.stream().mapToInt(a -> a.name().length()).max().orElse(4);
            int modelWidth =
                    agents.stream().mapToInt(a -> a.model().length()).max().orElse(5);
            for (AgentDefinition a : agents) {
                out.println(pad(a.name(), width) + "  " + pad(a.model(), modelWidth) + "  " + shorten(a.description()));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    @Command(
            name = "lookup",
            description = "Rank the agents for a request in plain words, best first.",
            mixinStandardHelpOptions = true)
    int lookup(
            @Parameters(paramLabel = "QUERY", description = "What the agent should do") String query,
            @Option(
                            names = "--limit",
                            paramLabel = "N",
                            description =
                                    "Most agents shown; default lookup.default-limit (5), at most lookup.max-limit (50)")
                    Integer limit,
            @Option(names = "--output", defaultValue = "text", description = "text or json") Output output)
            throws IOException {
        if (query.isBlank()) {
            throw usage("QUERY must not be blank");
        }
        List<LookupHit> hits;
        try {
            // The service holds the API's limits, so that both ways in answer alike.
            hits = lookup.search(query, limit).hits();
        } catch (ProblemException e) {
            throw usage("--limit " + e.errors().getFirst().message());
        }
        PrintWriter out = out();
        if (output == Output.JSON) {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(hits));
        } else {
            int width = hits.stream().mapToInt(h -> h.name().length()).max().orElse(4);
            for (LookupHit h : hits) {
                out.println(String.format(
                        Locale.ROOT, "%8.3f  %s  %s", h.score(), pad(h.name(), width), shorten(h.description())));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** The description on one line, cut at a word near {@link #DESCRIPTION_WIDTH} characters. */
    static String shorten(String description) {
        String flat = description == null ? "" : description.strip().replaceAll("\\s+", " ");
        if (flat.length() <= DESCRIPTION_WIDTH) {
            return flat;
        }
        int cut = flat.lastIndexOf(' ', DESCRIPTION_WIDTH - 1);
        return flat.substring(0, cut > DESCRIPTION_WIDTH / 2 ? cut : DESCRIPTION_WIDTH - 1) + "…";
    }

    /** One agent in {@code agents list --output json}: the fields of the API's agent summary, in its order. */
    record AgentLine(
            String name, String description, String model, List<String> tools, String color, AgentSource source) {}
}
