package io.agentruntime.task.run;

import io.agentruntime.provider.ChatRequest;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskView;
import java.util.List;
import java.util.UUID;

/**
 * Everything needed to start a task that is already marked running in the database: what {@link
 * TaskTransitions#begin} hands to {@link TaskExecutor#start}.
 *
 * @param nextSeq       the sequence number of the task's next event
 * @param initialEvents the events already written by this attempt, replayed to local followers
 * @param view          the task as it started (running), as its first event has it
 */
record StartPlan(
        UUID taskId,
        ChatRequest request,
        boolean streaming,
        long nextSeq,
        List<TaskEvent> initialEvents,
        TaskView view) {}
