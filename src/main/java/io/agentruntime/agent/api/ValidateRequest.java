package io.agentruntime.agent.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An agent file to check, sent as JSON. */
@Schema(name = "ValidateAgentRequest")
public record ValidateRequest(
        @Schema(
                description = "The whole file: front matter and body",
                required = true,
                example =
                        "---\nname: reviewer\ndescription: Use this agent to review pull requests.\n---\nYou review pull requests.")
        String content,

        @Schema(
                description = "The file name it would have; the name falls back to its stem and must match it",
                example = "reviewer.md")
        String fileName) {}
