package io.agentruntime.session.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/sessions}. */
@Schema(name = "CreateSession")
public record CreateSession(
        @Schema(
                description = "Name of the agent; not checked against the catalog until a task runs",
                example = "code-reviewer",
                required = true)
        @NotBlank
        @Size(max = 200)
        String agent,

        @Schema(description = "Free-form title", example = "Review of PR 42", maxLength = 200) @Size(max = 200)
        String title,

        @Schema(
                description = "Caller-defined labels (at most sessions.max-metadata-keys keys)",
                example = "{\"team\": \"payments\"}")
        Map<String, Object> metadata) {}
