package io.agentruntime.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentruntime.common.problem.ProblemException;
import java.util.Locale;

/** Where a task is in its life; the wire and database names are the lower-case ones. */
public enum TaskStatus {
    @JsonProperty("queued")
    QUEUED,
    @JsonProperty("running")
    RUNNING,
    @JsonProperty("completed")
    COMPLETED,
    @JsonProperty("failed")
    FAILED,
    @JsonProperty("canceled")
    CANCELED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Completed, failed or canceled: nothing changes any more. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELED;
    }

    public static TaskStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    /** For a query parameter: a 400 naming it when the value is not a status. */
    public static TaskStatus parse(String param, String value) {
        for (TaskStatus s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw ProblemException.badField(param, "must be one of queued, running, completed, failed, canceled");
    }
}
