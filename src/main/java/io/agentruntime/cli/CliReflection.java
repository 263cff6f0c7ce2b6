package io.agentruntime.cli;

import io.agentruntime.lookup.LookupHit;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Records that command mode writes with its own ObjectMapper ({@code --output json}), out of Quarkus' sight,
 * kept for reflection in a native executable.
 */
@RegisterForReflection(targets = {LookupHit.class, AgentsCommand.AgentLine.class})
final class CliReflection {

    private CliReflection() {}
}
