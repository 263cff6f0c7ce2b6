package io.agentruntime.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How the caller waits for a task: the answer in the response, later by polling, or as a stream. */
public enum TaskMode {
    @JsonProperty("blocking")
    BLOCKING,
    @JsonProperty("background")
    BACKGROUND,
    @JsonProperty("stream")
    STREAM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskMode of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
