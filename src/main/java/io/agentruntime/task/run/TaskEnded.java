package io.agentruntime.task.run;

import io.agentruntime.task.TaskView;

/** CDI event: a task reached its final status (fired in the transaction that committed it). */
record TaskEnded(TaskView task) {}
