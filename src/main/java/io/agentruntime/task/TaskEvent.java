package io.agentruntime.task;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One event of a task, as stored in task_events and sent as a Server-Sent Event.
 *
 * @param seq  per-task sequence number, starting at 1 and only growing (the SSE {@code id:})
 * @param kind the SSE {@code event:}
 * @param data the JSON {@code data:}
 */
public record TaskEvent(long seq, Kind kind, Map<String, Object> data, Instant createdAt) {

    public enum Kind {
        /** The task as created, or as (re)started after a takeover: a client restarts its text. */
        TASK,
        /** A piece of the answer: {@code {"text": "..."}}. */
        DELTA,
        /** Tokens billed: {@code {"inputTokens": n, "outputTokens": n}}. */
        USAGE,
        /** The final task (completed or canceled); the last event. */
        DONE,
        /** A problem (the task failed); the last event. */
        ERROR;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind of(String wireName) {
            return valueOf(wireName.toUpperCase(Locale.ROOT));
        }
    }

    /** Done or error: nothing follows. */
    public boolean last() {
        return kind == Kind.DONE || kind == Kind.ERROR;
    }
}
