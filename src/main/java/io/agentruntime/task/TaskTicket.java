package io.agentruntime.task;

/**
 * A task just taken in by {@link TaskService#admit}: its first view, whether an Idempotency-Key
 * replayed an earlier task, and (hidden from callers) the execution started here, so {@link
 * TaskService#await} and {@link TaskService#events(TaskTicket)} can follow it without a lookup.
 */
public final class TaskTicket {

    private final TaskView view;
    private final boolean replayed;
    private final TaskExecution execution;

    TaskTicket(TaskView view, boolean replayed, TaskExecution execution) {
        this.view = view;
        this.replayed = replayed;
        this.execution = execution;
    }

    public TaskView view() {
        return view;
    }

    /** True when an Idempotency-Key named an earlier task: {@link #view()} is that task as it is now. */
    public boolean replayed() {
        return replayed;
    }

    /** The execution started on this replica, or null (queued, or running elsewhere). */
    TaskExecution execution() {
        return execution;
    }
}
