package io.agentruntime.usage.store;

import io.agentruntime.auth.TenantScope;
import io.agentruntime.common.db.Sql;
import io.agentruntime.usage.UsageGroupBy;
import io.agentruntime.usage.UsageRecord;
import io.agentruntime.usage.UsageReport;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of the usage ledger and of the limits' shared state. The limits' statements run in the admitting
 * transaction of a task (its rollback undoes them); every method joins the caller's transaction.
 *
 * <p>Reports are confined to the {@link TenantScope}'s tenant unless the caller asks for every tenant (an
 * administrator's report, decided by the service).
 */
@ApplicationScoped
public class UsageStore implements PanacheRepositoryBase<UsageEntity, UUID> {

    private static final String INSERT = "INSERT INTO usage (task_id, tenant, agent, provider, model, input_tokens,"
            + " output_tokens, duration_ms, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final TenantScope scope;
    private final Sql sql;

    UsageStore(TenantScope scope, Sql sql) {
        this.scope = scope;
        this.sql = sql;
    }

    /** The tenant whose limits apply to a task created now. */
    public String admittingTenant() {
        return scope.tenantOfNewRow();
    }

    /**
     * Adds the row of a finished task, for the task's tenant (the engine records it, in the task's finishing
     * transaction, outside any caller's request). One plain INSERT: nothing reads the row back in that
     * transaction, so an entity would only add Hibernate's copy, snapshot and flush of it. Sent with the
     * transaction's next statement when the caller groups its writes ({@code WriteGroup}).
     */
    @Transactional
    public void record(UsageRecord u) {
        sql.send(
                INSERT,
                p -> p.uuid(u.taskId())
                        .text(u.tenant())
                        .text(u.agent())
                        .text(u.provider())
                        .text(u.model())
                        .bigint(u.inputTokens())
                        .bigint(u.outputTokens())
                        .bigint(u.durationMs())
                        .instant(u.finishedAt()));
    }

    /**
     * Counts one more request in the tenant's current minute (the database's clock, shared by every replica)
     * and answers the count with the seconds left in that minute. One atomic statement: concurrent admissions
     * of the tenant queue on its row until the first one's transaction ends.
     */
    @Transactional
    public Window countRequest(String tenant) {
        Object[] row = (Object[]) getEntityManager()
                .createNativeQuery("""
                INSERT INTO tenant_request_windows AS w (tenant, window_start, requests)
                VALUES (:tenant, date_trunc('minute', clock_timestamp()), 1)
                ON CONFLICT (tenant) DO UPDATE SET
                    requests = CASE WHEN w.window_start = EXCLUDED.window_start THEN w.requests + 1 ELSE 1 END,
                    window_start = EXCLUDED.window_start
                RETURNING requests,
                    ceil(extract(epoch FROM (window_start + interval '1 minute' - clock_timestamp())))::int
                """)
                .setParameter("tenant", tenant)
                .getSingleResult();
        return new Window(((Number) row[0]).intValue(), Math.max(1, ((Number) row[1]).intValue()));
    }

    /** @param requests the tenant's requests in this minute, this one included */
    public record Window(int requests, int secondsLeft) {}

    /**
     * Serialises the admissions of a tenant until the transaction ends, so that two replicas cannot both see
     * room for one more task.
     */
    @Transactional
    public void lockTenant(String tenant) {
        getEntityManager()
                .createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(:k, 1))) l")
                .setParameter("k", "tenant-limits\n" + tenant)
                .getSingleResult();
    }

    /** Tokens (input plus output) the tenant's tasks finished with since each instant (the month's is the earlier). */
    @Transactional
    public Spent tokensSince(String tenant, Instant dayStart, Instant monthStart) {
        Object[] row = (Object[]) getEntityManager()
                .createNativeQuery("""
                SELECT coalesce(sum(input_tokens + output_tokens) FILTER (WHERE finished_at >= :day), 0),
                       coalesce(sum(input_tokens + output_tokens), 0)
                FROM usage WHERE tenant = :tenant AND finished_at >= :month
                """)
                .setParameter("tenant", tenant)
                .setParameter("day", dayStart)
                .setParameter("month", monthStart)
                .getSingleResult();
        return new Spent(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    public record Spent(long sinceDayStart, long sinceMonthStart) {}

    /**
     * Usage finished in [from, to), summed by tenant and group; the scope's tenant only unless
     * {@code everyTenant}.
     */
    @Transactional
    public List<UsageReport.Line> report(Instant from, Instant to, UsageGroupBy groupBy, boolean everyTenant) {
        String key = switch (groupBy) {
            case AGENT -> "agent";
            case MODEL -> "coalesce(model, 'unknown')";
            case DAY -> "to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
        };
        Optional<String> tenant = everyTenant ? Optional.empty() : Optional.of(scope.tenantOfNewRow());
        var query = getEntityManager()
                .createNativeQuery("SELECT tenant, " + key + " AS k, count(*), sum(input_tokens), sum(output_tokens),"
                        + " sum(duration_ms) FROM usage WHERE finished_at >= :from AND finished_at < :to"
                        + (tenant.isPresent() ? " AND tenant = :tenant" : "")
                        + " GROUP BY tenant, k ORDER BY tenant, k")
                .setParameter("from", from)
                .setParameter("to", to);
        tenant.ifPresent(t -> query.setParameter("tenant", t));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream()
                .map(r -> {
                    long in = ((Number) r[3]).longValue();
                    long out = ((Number) r[4]).longValue();
                    return new UsageReport.Line(
                            (String) r[0],
                            (String) r[1],
                            ((Number) r[2]).longValue(),
                            in,
                            out,
                            in + out,
                            ((Number) r[5]).longValue());
                })
                .toList();
    }
}
