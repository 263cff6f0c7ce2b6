package io.agentruntime.agent.api;

import io.agentruntime.agent.AgentProblem;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The problems of the current catalog load. */
@Schema(
        name = "AgentProblemList",
        requiredProperties = {"items", "catalogVersion", "loadedAt"})
public record AgentProblemList(
        List<AgentProblem> items,

        @Schema(description = "Grows by one with every reload that changed something", example = "3")
        long catalogVersion,

        @Schema(description = "When the current catalog was loaded")
        Instant loadedAt) {}
