package io.agentruntime.task;

import io.agentruntime.common.Page;
import io.agentruntime.common.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import java.util.UUID;

/**
 * Task execution, the API every way in uses (REST, the command mode, later adapters): records in,
 * records out. The blocking methods wait on the calling thread: call them from a worker or virtual
 * thread, never the event loop.
 */
public interface TaskService {

    /**
     * Runs a task and waits for its end (queued first when its session is busy and the command says
     * enqueue). A failed task is returned with status {@code failed} and its error.
     *
     * @throws ProblemException before anything is written when the command is bad, the agent
     *                          unknown, no provider configured, or the session busy with ifBusy=reject
     */
    TaskView run(TaskCommand command);

    /** Queues a task for the workers and returns at once (status {@code queued}). */
    TaskView submit(TaskCommand command);

    /** @throws ProblemException 404 when there is no such task */
    TaskView get(UUID id);

    /** Newest first; filters may be null. */
    Page<TaskView> list(UUID sessionId, String agent, TaskStatus status, String cursor, int limit);

    /** How many tasks {@link #list} pages through with these filters (the caller's tenant's); filters may be null. */
    long count(UUID sessionId, String agent, TaskStatus status);

    /**
     * Stops a task: a queued one at once; a running one by cancelling its provider call, here or
     * (through the cancel flag) on the replica that runs it. Waits a few seconds for it to stop.
     *
     * @throws ProblemException 409 when the task has already ended
     */
    TaskView cancel(UUID id);

    /**
     * The task's events after {@code afterSeq}, then the live ones until its last ({@code done} or
     * {@code error}). Works on any replica: stored events are read from the database.
     */
    Multi<TaskEvent> events(UUID id, long afterSeq);

    /**
     * Takes a task in (the first half of {@link #run}, {@link #submit} or a stream): checked, written,
     * and started here or queued. Follow it with {@link #await} or {@link #events(TaskTicket)}.
     *
     * @throws ProblemException as {@link #run} does
     */
    TaskTicket admit(TaskCommand command, TaskMode mode);

    /** The events of a task just admitted, from its first. */
    Multi<TaskEvent> events(TaskTicket admitted);

    /** Waits for the end of a task just admitted; a replayed one is returned as it is now. */
    TaskView await(TaskTicket admitted);
}
