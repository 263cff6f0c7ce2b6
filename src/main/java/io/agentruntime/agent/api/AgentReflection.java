package io.agentruntime.agent.api;

import io.agentruntime.agent.AgentExample;
import io.agentruntime.agent.AgentProblem;
import io.agentruntime.agent.AgentSource;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reaches where Quarkus cannot see it (annotated records, the JSON validate body read by
 * hand, the contract records inside them), kept for reflection in a native executable.
 */
@RegisterForReflection(
        targets = {
            AgentProblem.class,
            AgentProblem.Severity.class,
            AgentProblemList.class,
            AgentSummary.class,
            AgentView.class,
            AgentExample.class,
            AgentSource.class,
            ValidateRequest.class,
            ValidationResult.class
        })
final class AgentReflection {

    private AgentReflection() {}
}
