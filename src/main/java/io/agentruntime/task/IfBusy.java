package io.agentruntime.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What to do when the session already has a task queued or running. */
public enum IfBusy {
    /** Queue the task behind the session's others (the default). */
    @JsonProperty("enqueue")
    ENQUEUE,
    /** Refuse with 409. */
    @JsonProperty("reject")
    REJECT
}
