package io.agentruntime.agent.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentSource;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An agent in a list: what a caller needs to choose one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
        name = "AgentSummary",
        requiredProperties = {"name", "description", "model", "tools", "source"})
public record AgentSummary(
        @Schema(example = "backend-web-developer") String name,

        @Schema(
                description = "When to use the agent, without the examples",
                example = "Use this agent when you need to implement server-side functionality...")
        String description,

        @Schema(description = "inherit, sonnet, opus, haiku or a model id", example = "inherit")
        String model,

        @Schema(description = "Tool names; empty when the file names none")
        List<String> tools,

        @Schema(description = "Display colour, absent when the file has none", example = "green")
        String color,

        AgentSource source) {

    static AgentSummary of(AgentDefinition a) {
        return new AgentSummary(a.name(), a.description(), a.model(), a.tools(), a.color(), a.source());
    }
}
