package io.agentruntime.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The problem+json of a failed task (RFC 9457 with extension members): the body of a failed
 * blocking call and the data of an {@code error} event. Never carries the provider's body. Written
 * as a Response entity (and converted to a map for events), which Quarkus cannot see: registered for
 * reflection for the native executable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
@Schema(
        name = "TaskProblem",
        description = "RFC 9457 problem detail of a failed task",
        requiredProperties = {"type", "title", "status"})
public record TaskProblem(
        @Schema(example = "https://agent-runtime.dev/problems/provider-error")
        String type,

        @Schema(example = "Model provider error") String title,
        @Schema(example = "502") int status,

        @Schema(example = "The model provider 'anthropic' answered with HTTP 500")
        String detail,

        @Schema(example = "/v1/tasks/01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e")
        String instance,

        @Schema(description = "Request id, also in the X-Request-Id header")
        String requestId,

        @Schema(description = "The failed task; GET it for the details")
        UUID taskId,

        @Schema(example = "anthropic") String provider,

        @Schema(description = "The provider's request id, for its support", example = "req_011CSHoEeqs5C35K2UUqR7Fy")
        String providerRequestId) {

    public static TaskProblem of(TaskView.TaskError error, UUID taskId, String requestId) {
        return new TaskProblem(
                error.type(),
                error.title(),
                error.status(),
                error.detail(),
                "/v1/tasks/" + taskId,
                requestId,
                taskId,
                error.provider(),
                error.providerRequestId());
    }
}
