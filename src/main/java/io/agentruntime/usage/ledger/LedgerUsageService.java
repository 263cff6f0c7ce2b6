package io.agentruntime.usage.ledger;

import io.agentruntime.auth.CurrentCaller;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.usage.UsageGroupBy;
import io.agentruntime.usage.UsageRecord;
import io.agentruntime.usage.UsageReport;
import io.agentruntime.usage.UsageService;
import io.agentruntime.usage.store.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The ledger behind {@link UsageService}: one row per finished task, summed on demand. */
@ApplicationScoped
class LedgerUsageService implements UsageService {

    /** The period of a report that names no start. */
    private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    private final UsageStore store;
    private final Instance<CurrentCaller> caller;
    private final TenantMetrics metrics;

    LedgerUsageService(UsageStore store, Instance<CurrentCaller> caller, TenantMetrics metrics) {
        this.store = store;
        this.caller = caller;
        this.metrics = metrics;
    }

    @Override
    public void record(UsageRecord u) {
        store.record(u);
        metrics.tokens(u.tenant(), u.inputTokens(), u.outputTokens());
    }

    @Override
    public UsageReport report(String from, String to, String groupBy) {
        UsageGroupBy by = groupBy == null
                ? UsageGroupBy.DAY
                : UsageGroupBy.of(groupBy)
                        .orElseThrow(() -> ProblemException.badField("groupBy", "must be agent, model or day"));
        Instant end = to == null ? Instant.now() : instant("to", to, true);
        Instant start = from == null ? end.minus(DEFAULT_PERIOD) : instant("from", from, false);
        if (!start.isBefore(end)) {
            throw ProblemException.badField("from", "must be before to");
        }
        List<UsageReport.Line> lines =
                store.report(start, end, by, caller.get().get().isAdmin());
        UsageReport.Totals total = new UsageReport.Totals(
                lines.stream().mapToLong(UsageReport.Line::tasks).sum(),
                lines.stream().mapToLong(UsageReport.Line::inputTokens).sum(),
                lines.stream().mapToLong(UsageReport.Line::outputTokens).sum(),
                lines.stream().mapToLong(UsageReport.Line::totalTokens).sum(),
                lines.stream().mapToLong(UsageReport.Line::durationMs).sum());
        return new UsageReport(start, end, by.wireName(), lines, total);
    }

    /** An RFC 3339 date-time, or a date: its start, or for the end of a period the start of the next day. */
    private static Instant instant(String field, String value, boolean end) {
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badField(
                    field, "must be a date (2026-11-01) or an RFC 3339 date-time (2026-11-01T00:00:00Z)");
        }
    }
}
