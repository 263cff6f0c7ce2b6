package io.agentruntime.usage;

import java.util.Arrays;
import java.util.Optional;

/** What a usage report sums by. */
public enum UsageGroupBy {
    AGENT,
    MODEL,
    /** The UTC day the task finished. */
    DAY;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<UsageGroupBy> of(String wire) {
        return Arrays.stream(values()).filter(g -> g.wireName().equals(wire)).findFirst();
    }
}
