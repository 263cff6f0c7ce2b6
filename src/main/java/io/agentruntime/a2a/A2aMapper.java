package io.agentruntime.a2a;

import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Our tasks in A2A's words. A task is an A2A task with the same id; its session is the A2A
 * {@code contextId}; its answer is one artifact ({@value #ARTIFACT_ID}) of text, streamed as appended
 * chunks; a failure is the status message of a FAILED task.
 */
final class A2aMapper {

    static final String ARTIFACT_ID = "answer";
    static final String ROLE_AGENT = "ROLE_AGENT";
    static final String ROLE_USER = "ROLE_USER";

    private A2aMapper() {}

    static String state(TaskStatus status) {
        return switch (status) {
            case QUEUED -> "TASK_STATE_SUBMITTED";
            case RUNNING -> "TASK_STATE_WORKING";
            case COMPLETED -> "TASK_STATE_COMPLETED";
            case FAILED -> "TASK_STATE_FAILED";
            case CANCELED -> "TASK_STATE_CANCELED";
        };
    }

    /** A state our tasks never take (input or auth required, rejected): a filter on it finds nothing. */
    static boolean neverTaken(String state) {
        return "TASK_STATE_INPUT_REQUIRED".equals(state)
                || "TASK_STATE_REJECTED".equals(state)
                || "TASK_STATE_AUTH_REQUIRED".equals(state);
    }

    /**
     * An A2A state as a filter on our statuses: null for none (absent or unspecified).
     *
     * @throws A2aError INVALID_PARAMS when the value is no A2A state our tasks take
     */
    static TaskStatus status(String state) {
        if (state == null || state.isBlank() || state.equals("TASK_STATE_UNSPECIFIED")) {
            return null;
        }
        for (TaskStatus s : TaskStatus.values()) {
            if (state(s).equals(state)) {
                return s;
            }
        }
        throw A2aError.invalidParams("status", "must be an A2A task state such as TASK_STATE_WORKING");
    }

    static A2aWire.Task task(TaskView t, boolean withArtifacts) {
        List<A2aWire.Artifact> artifacts = !withArtifacts
                ? null
                : t.output() == null || t.output().isEmpty() ? List.of() : List.of(artifact(t.output()));
        return new A2aWire.Task(t.id().toString(), t.sessionId().toString(), status(t), artifacts, metadata(t));
    }

    private static Map<String, Object> metadata(TaskView t) {
        return t.agent() == null ? null : Map.of("agent", t.agent());
    }

    static A2aWire.TaskStatus status(TaskView t) {
        A2aWire.Message message = t.status() == TaskStatus.FAILED && t.error() != null
                ? agentMessage(
                        t.id(),
                        t.sessionId(),
                        t.error().detail() == null
                                ? t.error().title()
                                : t.error().detail())
                : null;
        return new A2aWire.TaskStatus(state(t.status()), message, timestamp(lastChange(t)));
    }

    private static Instant lastChange(TaskView t) {
        return t.finishedAt() != null ? t.finishedAt() : t.startedAt() != null ? t.startedAt() : t.createdAt();
    }

    static A2aWire.Artifact artifact(String text) {
        return new A2aWire.Artifact(ARTIFACT_ID, ARTIFACT_ID, List.of(A2aWire.Part.text(text)));
    }

    static A2aWire.Message agentMessage(UUID taskId, UUID contextId, String text) {
        return new A2aWire.Message(
                UUID.randomUUID().toString(),
                contextId.toString(),
                taskId.toString(),
                ROLE_AGENT,
                List.of(A2aWire.Part.text(text)),
                null);
    }

    static String timestamp(Instant at) {
        return at == null ? null : at.toString();
    }

    /** A status change as a stream event. */
    static A2aWire.StreamResponse statusUpdate(UUID taskId, UUID contextId, A2aWire.TaskStatus status) {
        return new A2aWire.StreamResponse(
                null, new A2aWire.TaskStatusUpdateEvent(taskId.toString(), contextId.toString(), status), null);
    }

    static A2aWire.StreamResponse artifactChunk(UUID taskId, UUID contextId, String text, boolean append) {
        return new A2aWire.StreamResponse(
                null,
                null,
                new A2aWire.TaskArtifactUpdateEvent(
                        taskId.toString(), contextId.toString(), artifact(text), append, false));
    }

    /** The end of a stream from our last event ({@code done} carries the task, {@code error} the problem). */
    static A2aWire.TaskStatus lastStatus(TaskView first, TaskEvent last) {
        Instant at = last.createdAt();
        if (last.kind() == TaskEvent.Kind.ERROR) {
            Object detail = last.data().getOrDefault("detail", last.data().getOrDefault("title", "The task failed"));
            return new A2aWire.TaskStatus(
                    state(TaskStatus.FAILED),
                    agentMessage(first.id(), first.sessionId(), String.valueOf(detail)),
                    timestamp(at));
        }
        Object status = last.data().get("status");
        TaskStatus ended = status == null ? TaskStatus.COMPLETED : TaskStatus.of(String.valueOf(status));
        return new A2aWire.TaskStatus(state(ended), null, timestamp(at));
    }
}
