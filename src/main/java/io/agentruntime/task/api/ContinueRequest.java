package io.agentruntime.task.api;

import io.agentruntime.task.IfBusy;
import io.agentruntime.task.TaskCommand;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /v1/sessions/{id}/messages}: the next turn, run with the session's agent. Unknown fields are refused. */
@Schema(name = "ContinueRequest")
public record ContinueRequest(
        @Schema(description = "The user's next message", required = true, example = "And how would you fix it?")
        @NotBlank
        String input,

        @Schema(description = "Overrides the agent's model for this turn", example = "opus") @Size(max = 200)
        String model,

        @Schema(example = "1024") @Min(1) @Max(200_000) Integer maxTokens,

        @Schema(example = "0.2") @DecimalMin("0.0") @DecimalMax("2.0")
        Double temperature,

        @Schema(description = "Run in the background (like Prefer: respond-async)")
        Boolean background,

        @Schema(
                description =
                        "When the session already has a task queued or running: enqueue (default) or reject (409)")
        IfBusy ifBusy) {

    TaskCommand toCommand(UUID sessionId, String idempotencyKey) {
        return new TaskCommand(
                null, input, sessionId, model, maxTokens, temperature, null, ifBusy, idempotencyKey, null);
    }
}
