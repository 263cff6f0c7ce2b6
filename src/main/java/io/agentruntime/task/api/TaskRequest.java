package io.agentruntime.task.api;

import io.agentruntime.task.IfBusy;
import io.agentruntime.task.TaskCommand;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /v1/tasks}. Unknown fields are refused (see {@link StrictJson}). */
@Schema(name = "TaskRequest")
public record TaskRequest(
        @Schema(
                description =
                        "The agent's name; leave out to continue with the session's agent or, for a new session, to let the lookup choose",
                example = "code-reviewer")
        @Size(max = 200)
        String agent,

        @Schema(
                description = "The user's message",
                required = true,
                example = "Review this function for SQL injection: ...")
        @NotBlank
        String input,

        @Schema(description = "The session to continue; leave out for a new one")
        UUID sessionId,

        @Schema(
                description = "Overrides the agent's model: an alias (sonnet, opus, haiku) or a model id",
                example = "haiku")
        @Size(max = 200)
        String model,

        @Schema(description = "Output limit in tokens", example = "1024") @Min(1) @Max(200_000)
        Integer maxTokens,

        @Schema(description = "Sampling temperature", example = "0.2") @DecimalMin("0.0") @DecimalMax("2.0")
        Double temperature,

        @Schema(description = "Kept with the task and returned with it")
        Map<String, Object> metadata,

        @Schema(description = "Run in the background (like Prefer: respond-async): 202 with Location at once")
        Boolean background,

        @Schema(
                description =
                        "When the session already has a task queued or running: enqueue (default) or reject (409)")
        IfBusy ifBusy,

        @Schema(
                description = "Without \"agent\": the agent to run when the lookup finds none that covers the "
                        + "input (verdict noMatch), instead of the 422; overrides lookup.fallback-agent",
                example = "general-assistant")
        @Size(max = 200)
        String fallbackAgent) {

    TaskCommand toCommand(String idempotencyKey) {
        return new TaskCommand(
                agent,
                input,
                sessionId,
                model,
                maxTokens,
                temperature,
                metadata,
                ifBusy,
                idempotencyKey,
                fallbackAgent);
    }
}
