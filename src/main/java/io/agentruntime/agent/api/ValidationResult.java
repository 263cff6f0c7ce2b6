package io.agentruntime.agent.api;

import io.agentruntime.agent.AgentProblem;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the loader would make of a file. */
@Schema(
        name = "AgentValidation",
        requiredProperties = {"valid", "problems"})
public record ValidationResult(
        @Schema(description = "True when the file would load without errors (warnings allowed)")
        boolean valid,

        @Schema(description = "The agent as it would load; null when the file would be dropped", nullable = true)
        AgentView agent,

        List<AgentProblem> problems) {}
