package io.agentruntime.task;

/** CDI event: a task reached its final status (fired in the transaction that committed it). */
record TaskEnded(TaskView task) {}
