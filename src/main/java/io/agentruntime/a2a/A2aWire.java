package io.agentruntime.a2a;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A2A 1.0's objects as its JSON bindings spell them (a2a.proto in ProtoJSON: camelCase fields, enums by
 * their proto names such as {@code TASK_STATE_COMPLETED}). Only the parts this way in reads or writes;
 * requests ignore the fields it does not use, as A2A clients send optional ones freely.
 */
public final class A2aWire {

    private A2aWire() {}

    // --- requests -------------------------------------------------------------------------------------

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SendMessageRequest(
            Message message, SendMessageConfiguration configuration, Map<String, Object> metadata) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SendMessageConfiguration(
            List<String> acceptedOutputModes, Integer historyLength, Boolean returnImmediately) {}

    /** GetTask, CancelTask and SubscribeToTask: the task's id. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskIdRequest(String id, Integer historyLength) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ListTasksRequest(
            String contextId,
            String status,
            Integer pageSize,
            String pageToken,
            Integer historyLength,
            Boolean includeArtifacts) {}

    // --- the data model -------------------------------------------------------------------------------

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(
            String messageId,
            String contextId,
            String taskId,
            String role,
            List<Part> parts,
            Map<String, Object> metadata) {}

    /** One of text, raw, url or data; this service reads and writes text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Part(String text, String raw, String url, JsonNode data, String mediaType) {

        static Part text(String text) {
            return new Part(text, null, null, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Task(
            String id, String contextId, TaskStatus status, List<Artifact> artifacts, Map<String, Object> metadata) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskStatus(String state, Message message, String timestamp) {}

    public record Artifact(String artifactId, String name, List<Part> parts) {}

    public record TaskStatusUpdateEvent(String taskId, String contextId, TaskStatus status) {}

    public record TaskArtifactUpdateEvent(
            String taskId, String contextId, Artifact artifact, boolean append, boolean lastChunk) {}

    /** SendMessage's answer: here always a task. */
    public record SendMessageResponse(Task task) {}

    /** One event of a stream: exactly one of its fields is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StreamResponse(
            Task task, TaskStatusUpdateEvent statusUpdate, TaskArtifactUpdateEvent artifactUpdate) {}

    /** nextPageToken is always present, empty on the last page (specification 3.1.4). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ListTasksResponse(List<Task> tasks, String nextPageToken, int pageSize, int totalSize) {}

    // --- the agent card -------------------------------------------------------------------------------

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record AgentCard(
            String name,
            String description,
            List<AgentInterface> supportedInterfaces,
            AgentProvider provider,
            String version,
            String documentationUrl,
            AgentCapabilities capabilities,
            Map<String, SecurityScheme> securitySchemes,
            List<SecurityRequirement> securityRequirements,
            List<String> defaultInputModes,
            List<String> defaultOutputModes,
            List<AgentSkill> skills) {}

    public record AgentInterface(String url, String protocolBinding, String protocolVersion) {}

    public record AgentProvider(String url, String organization) {}

    public record AgentCapabilities(boolean streaming, boolean pushNotifications, boolean extendedAgentCard) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record AgentSkill(String id, String name, String description, List<String> tags, List<String> examples) {}

    /** The one scheme this service declares: HTTP bearer (an {@code ark_} API key or a JWT). */
    public record SecurityScheme(HttpAuthSecurityScheme httpAuthSecurityScheme) {}

    public record HttpAuthSecurityScheme(String description, String scheme, String bearerFormat) {}

    public record SecurityRequirement(Map<String, StringList> schemes) {}

    public record StringList(List<String> list) {}

    // --- the bindings' envelopes ----------------------------------------------------------------------

    /** A JSON-RPC 2.0 answer: result or error, with the request's id (null when it could not be read). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RpcResponse(
            String jsonrpc,
            @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode id,
            Object result,
            RpcError error) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RpcError(int code, String message, List<ErrorInfo> data) {}

    /** HTTP+JSON's error body: google.rpc.Status under {@code error}. */
    public record RestErrorBody(RestError error) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RestError(int code, String status, String message, List<ErrorInfo> details) {}

    /** google.rpc.ErrorInfo, which names the A2A error (reason) on both bindings. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ErrorInfo(
            @JsonProperty("@type") String type, String reason, String domain, Map<String, String> metadata) {}
}
