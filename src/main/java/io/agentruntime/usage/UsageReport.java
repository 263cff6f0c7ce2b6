package io.agentruntime.usage;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Usage summed over a period, one line per tenant and group. */
@Schema(
        name = "UsageReport",
        requiredProperties = {"from", "to", "groupBy", "items", "total"})
public record UsageReport(
        @Schema(description = "Start of the period (inclusive)")
        Instant from,

        @Schema(description = "End of the period (exclusive)")
        Instant to,

        @Schema(enumeration = {"agent", "model", "day"}) String groupBy,

        @Schema(description = "One line per tenant and group, by tenant then group")
        List<Line> items,

        @Schema(description = "The sum of every line") Totals total) {

    /** One tenant's usage in one group. */
    @Schema(
            name = "UsageLine",
            requiredProperties = {"tenant", "key", "tasks", "inputTokens", "outputTokens", "totalTokens", "durationMs"})
    public record Line(
            @Schema(description = "The tenant; a caller sees only its own", example = "team-a")
            String tenant,

            @Schema(
                    description = "The agent, the model or the UTC day (YYYY-MM-DD), as grouped",
                    example = "code-reviewer")
            String key,

            @Schema(description = "Tasks that finished with a usage report")
            long tasks,

            long inputTokens,
            long outputTokens,
            long totalTokens,

            @Schema(description = "Their run time, start to finish, in milliseconds")
            long durationMs) {}

    /** The sum over every line. */
    @Schema(
            name = "UsageTotals",
            requiredProperties = {"tasks", "inputTokens", "outputTokens", "totalTokens", "durationMs"})
    public record Totals(long tasks, long inputTokens, long outputTokens, long totalTokens, long durationMs) {}
}
