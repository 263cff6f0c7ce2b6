package io.agentruntime.task.store;

import io.agentruntime.auth.TenantScope;
import io.agentruntime.task.TaskEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/**
 * The {@code task_events} table; used by {@link TaskStore} only. An event belongs to the tenant of its task,
 * so a read in a caller's {@link TenantScope} finds nothing of another tenant's task.
 */
@ApplicationScoped
class TaskEventRepository implements PanacheRepositoryBase<TaskEventEntity, TaskEventEntity.Key> {

    private final TenantScope scope;

    TaskEventRepository(TenantScope scope) {
        this.scope = scope;
    }

    /** Writes events of a task the engine holds (it never writes on a caller's say-so to another's task). */
    void add(UUID taskId, List<TaskEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(Session.class).setJdbcBatchSize(64);
        for (TaskEvent e : events) {
            persist(TaskEventEntity.of(taskId, e));
        }
        flush();
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
