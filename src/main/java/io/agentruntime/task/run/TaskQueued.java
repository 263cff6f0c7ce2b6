package io.agentruntime.task.run;

/**
 * CDI event: a task may be waiting in the queue (one was queued here, or PostgreSQL notified that one
 * was queued on some replica). Fired after the commit; the worker looks at the queue.
 */
record TaskQueued() {}
