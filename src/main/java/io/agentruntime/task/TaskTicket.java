package io.agentruntime.task;

/**
 * A task just taken in by {@link TaskService#admit}: its first view and whether an Idempotency-Key
 * replayed an earlier task. Follow it with {@link TaskService#await} or {@link
 * TaskService#events(TaskTicket)}.
 *
 * @param replayed true when an Idempotency-Key named an earlier task: {@code view} is that task as it
 *                 is now
 */
public record TaskTicket(TaskView view, boolean replayed) {}
