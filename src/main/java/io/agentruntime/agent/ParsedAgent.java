package io.agentruntime.agent;

import java.util.List;

/**
 * What the parser made of one file: the agent (null when the file had to be dropped) and the
 * problems found on the way.
 */
public record ParsedAgent(AgentDefinition agent, List<AgentProblem> problems) {

    public ParsedAgent {
        problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(AgentProblem::isError);
    }
}
