package io.agentruntime.agent.api;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentExample;
import io.agentruntime.agent.AgentSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One agent with everything its file says. */
@Schema(
        name = "Agent",
        requiredProperties = {"name", "description", "examples", "model", "tools", "extra", "systemPrompt", "source"})
public record AgentView(
        @Schema(example = "backend-web-developer") String name,

        @Schema(description = "When to use the agent, without the examples")
        String description,

        @Schema(description = "The <example> blocks of the description, parsed")
        List<AgentExample> examples,

        @Schema(example = "inherit") String model,
        List<String> tools,
        @Schema(nullable = true, example = "green") String color,

        @Schema(description = "Every other front-matter key, as read")
        Map<String, Object> extra,

        @Schema(description = "The Markdown body: the agent's system prompt")
        String systemPrompt,

        AgentSource source) {

    static AgentView of(AgentDefinition a) {
        return new AgentView(
                a.name(),
                a.description(),
                a.examples(),
                a.model(),
                a.tools(),
                a.color(),
                a.extra(),
                a.systemPrompt(),
                a.source());
    }
}
