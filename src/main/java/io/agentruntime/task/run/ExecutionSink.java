package io.agentruntime.task.run;

import io.agentruntime.provider.ChatResult;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskView;
import java.util.List;
import java.util.UUID;

/**
 * Where a {@link TaskExecution} reports what it produced, the only way out of it: the execution
 * calls this and acts on the answer, and nothing it reports to knows the execution. Calls come one
 * after the other, never on an event-loop thread.
 */
interface ExecutionSink {

    /** Writes a batch of streamed events, renewing the lease; false when the lease is no longer ours. */
    boolean chunk(UUID taskId, List<TaskEvent> batch);

    /** Commits how the task ended; says what was committed, or why nothing was. */
    Recorded finish(Report report);

    /** How a task ended. */
    sealed interface Outcome {
        record Completed(ChatResult result) implements Outcome {}

        record Failed(Throwable cause) implements Outcome {}

        record Canceled() implements Outcome {}
    }

    /**
     * The end of a task as its execution saw it.
     *
     * @param partialOutput the text streamed so far
     * @param unsaved       the streamed events not yet written, written with the outcome
     * @param nextSeq       the sequence number for the first event the final write adds
     */
    record Report(UUID taskId, Outcome outcome, String partialOutput, List<TaskEvent> unsaved, long nextSeq) {}

    /** What came of a {@link Report}. */
    sealed interface Recorded {
        /** Committed: the final task and the events written after the last streamed text. */
        record Committed(TaskView view, List<TaskEvent> finalEvents) implements Recorded {}

        /** Nothing was written (the lease is gone, or the database failed): another attempt follows. */
        record NotRecorded(String reason) implements Recorded {}
    }
}
