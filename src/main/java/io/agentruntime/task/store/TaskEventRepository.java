package io.agentruntime.task.store;

import io.agentruntime.auth.TenantScope;
import io.agentruntime.common.db.Sql;
import io.agentruntime.common.db.StoredJson;
import io.agentruntime.task.TaskEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code task_events} table; used by {@link TaskStore} only. An event belongs to the tenant of its task,
 * so a read in a caller's {@link TenantScope} finds nothing of another tenant's task.
 */
@ApplicationScoped
class TaskEventRepository implements PanacheRepositoryBase<TaskEventEntity, TaskEventEntity.Key> {

    private static final String INSERT = "INSERT INTO task_events (task_id, seq, kind, data, created_at)";
    private static final String ROW = "(?, ?, ?, CAST(? AS jsonb), ?)";

    private final TenantScope scope;
    private final Sql sql;

    TaskEventRepository(TenantScope scope, Sql sql) {
        this.scope = scope;
        this.sql = sql;
    }

    /**
     * Writes events of a task the engine holds (it never writes on a caller's say-so to another's task), in one
     * multi-row INSERT per {@link Sql#MAX_ROWS_PER_INSERT} events, sent with the transaction's next statement when
     * the caller groups its writes. In plain SQL: as entities, Hibernate wrote each event's JSON three times (a
     * deep copy on persist, then the insert) and flushed the whole transaction's entities with them, about an
     * eighth of a task's CPU.
     */
    void add(UUID taskId, List<TaskEvent> events) {
        sql.sendRows(
                INSERT,
                ROW,
                events,
                (e, row) -> row.uuid(taskId)
                        .bigint(e.seq())
                        .text(e.kind().wireName())
                        .json(StoredJson.write(e.data()))
                        .instant(e.createdAt()));
    }

    /** The last sequence number of the task's events; 0 when it has none (or is not the tenant's). */
    long lastSeq(UUID taskId) {
        Parameters params = Parameters.with("task", taskId);
        var query = getEntityManager()
                .createQuery(
                        "SELECT max(e.seq) FROM TaskEventEntity e WHERE e.taskId = :task" + ofTenant(params),
                        Long.class);
        params.map().forEach(query::setParameter);
        Long max = query.getSingleResult();
        return max == null ? 0 : max;
    }

    /** At most {@code limit} events of the task after {@code afterSeq}, in order. */
    List<TaskEvent> after(UUID taskId, long afterSeq, int limit) {
        Parameters params = Parameters.with("task", taskId).and("after", afterSeq);
        return find("taskId = :task AND seq > :after" + ofTenant(params) + " ORDER BY seq", params)
                .range(0, limit - 1)
                .stream()
                .map(TaskEventEntity::toEvent)
                .toList();
    }

    /** The JPQL condition that the task {@code :task} is the scope's tenant's; none across tenants. */
    private String ofTenant(Parameters params) {
        Optional<String> tenant = scope.tenant();
        if (tenant.isEmpty()) {
            return "";
        }
        params.and("tenant", tenant.get());
        return " AND EXISTS (SELECT 1 FROM TaskEntity t WHERE t.id = :task AND t.tenant = :tenant)";
    }
}
