package io.agentruntime.usage.ledger;

import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.common.problem.ProblemType;
import io.agentruntime.usage.TenantLimits;
import io.agentruntime.usage.TenantsConfig;
import io.agentruntime.usage.store.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The limits in PostgreSQL, the one state every replica shares: a fixed-window counter row per tenant for
 * requests per minute, the count of the tenant's unfinished tasks under a per-tenant lock for concurrency,
 * and the ledger summed since the start of the UTC day and month for budgets. A tenant without limits costs
 * no statement.
 */
@ApplicationScoped
class DatabaseTenantLimits implements TenantLimits {

    private final UsageStore store;
    private final TenantsConfig config;
    private final TenantMetrics metrics;

    DatabaseTenantLimits(UsageStore store, TenantsConfig config, TenantMetrics metrics) {
        this.store = store;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void admit(ToLongFunction<String> unfinished) {
        String tenant = store.admittingTenant();
        TenantsConfig.Effective limits = config.limitsOf(tenant);
        if (!limits.any()) {
            return;
        }
        if (limits.requestsPerMinute().isPresent()) {
            UsageStore.Window window = store.countRequest(tenant);
            int allowed = limits.requestsPerMinute().get();
            if (window.requests() > allowed) {
                throw refused(
                        tenant,
                        "requests-per-minute",
                        ProblemType.TOO_MANY_REQUESTS,
                        "Tenant '" + tenant + "' may create " + allowed + " tasks per minute; retry in "
                                + window.secondsLeft() + " s",
                        window.secondsLeft());
            }
        }
        if (limits.maxRunning().isPresent()) {
            store.lockTenant(tenant);
            long now = unfinished.applyAsLong(tenant);
            int allowed = limits.maxRunning().get();
            if (now >= allowed) {
                throw refused(
                        tenant,
                        "max-running",
                        ProblemType.TOO_MANY_REQUESTS,
                        "Tenant '" + tenant + "' has " + now + " tasks queued or running, its limit is " + allowed
                                + "; retry when one has finished",
                        RUNNING_RETRY_SECONDS);
            }
        }
        if (limits.tokensPerDay().isPresent() || limits.tokensPerMonth().isPresent()) {
            checkBudget(tenant, limits);
        }
    }

    /** A running task's end is unknown: a short retry, as its slot may free at any moment. */
    private static final int RUNNING_RETRY_SECONDS = 5;

    private void checkBudget(String tenant, TenantsConfig.Effective limits) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant dayStart = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant monthStart =
                today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        UsageStore.Spent spent = store.tokensSince(tenant, dayStart, monthStart);
        if (limits.tokensPerDay().isPresent()
                && spent.sinceDayStart() >= limits.tokensPerDay().get()) {
            Instant next = dayStart.plus(Duration.ofDays(1));
            throw budget(
                    tenant, "day", spent.sinceDayStart(), limits.tokensPerDay().get(), now, next);
        }
        if (limits.tokensPerMonth().isPresent()
                && spent.sinceMonthStart() >= limits.tokensPerMonth().get()) {
            Instant next = today.withDayOfMonth(1)
                    .plusMonths(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            throw budget(
                    tenant,
                    "month",
                    spent.sinceMonthStart(),
                    limits.tokensPerMonth().get(),
                    now,
                    next);
        }
    }

    private ProblemException budget(String tenant, String period, long spent, long budget, Instant now, Instant next) {
        return refused(
                tenant,
                "tokens-per-" + period,
                ProblemType.BUDGET_EXHAUSTED,
                "Tenant '" + tenant + "' has used " + spent + " of its " + budget + " tokens this " + period
                        + " (UTC); the budget renews at " + next,
                Math.max(1, Duration.between(now, next).toSeconds() + 1));
    }

    private ProblemException refused(String tenant, String limit, ProblemType type, String detail, long retryAfter) {
        metrics.refused(tenant, limit);
        return new ProblemException(type, detail, List.of(), Map.of("Retry-After", String.valueOf(retryAfter)), null);
    }
}
