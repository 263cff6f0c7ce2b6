package io.agentruntime.a2a;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Records written with an ObjectMapper (stream events, HTTP+JSON bodies) or as a {@code Response} entity,
 * and read from a JSON-RPC request's params, which Quarkus cannot see from the method signatures:
 * registered for the native executable.
 */
@RegisterForReflection(
        targets = {
            A2aWire.SendMessageRequest.class,
            A2aWire.SendMessageConfiguration.class,
            A2aWire.TaskIdRequest.class,
            A2aWire.ListTasksRequest.class,
            A2aWire.Message.class,
            A2aWire.Part.class,
            A2aWire.Task.class,
            A2aWire.TaskStatus.class,
            A2aWire.Artifact.class,
            A2aWire.TaskStatusUpdateEvent.class,
            A2aWire.TaskArtifactUpdateEvent.class,
            A2aWire.SendMessageResponse.class,
            A2aWire.StreamResponse.class,
            A2aWire.ListTasksResponse.class,
            A2aWire.AgentCard.class,
            A2aWire.AgentInterface.class,
            A2aWire.AgentProvider.class,
            A2aWire.AgentCapabilities.class,
            A2aWire.AgentSkill.class,
            A2aWire.SecurityScheme.class,
            A2aWire.HttpAuthSecurityScheme.class,
            A2aWire.SecurityRequirement.class,
            A2aWire.StringList.class,
            A2aWire.RpcResponse.class,
            A2aWire.RpcError.class,
            A2aWire.RestErrorBody.class,
            A2aWire.RestError.class,
            A2aWire.ErrorInfo.class
        })
final class A2aReflection {

    private A2aReflection() {}
}
