package io.agentruntime.task.store;

import io.agentruntime.auth.TenantScope;
import io.agentruntime.common.db.Sql;
import io.agentruntime.common.db.StoredJson;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of tasks and their events: the {@code tasks} repository. Every method joins the caller's
 * transaction (the services group several calls into one), else runs in its own.
 *
 * <p>Confined to the {@link TenantScope}: in a caller's request, a task of another tenant is not found
 * (exactly like one that never existed), lists and Idempotency-Keys are the tenant's, and new tasks get the
 * caller's tenant and subject. The queue methods (claim, leases, cancel flags, clean-up, the gauge) serve the
 * workers, which run outside any request for every tenant. The engine uses the methods declared here only,
 * never the inherited ones ({@code ArchitectureTest}).
 */
@ApplicationScoped
public class TaskStore implements PanacheRepositoryBase<TaskEntity, UUID> {

    /** The PostgreSQL NOTIFY channel that announces queued tasks to every replica's listener. */
    public static final String QUEUE_CHANNEL = "agent_runtime_task_queue";

    private final TaskEventRepository events;
    private final TenantScope scope;
    private final Sql sql;

    TaskStore(TaskEventRepository events, TenantScope scope, Sql sql) {
        this.events = events;
        this.scope = scope;
        this.sql = sql;
    }

    @Transactional
    public Optional<TaskEntity> find(UUID id) {
        Optional<String> tenant = scope.tenant();
        return tenant.isEmpty()
                ? findByIdOptional(id)
                : find(
                                "id = :id AND tenant = :tenant",
                                Parameters.with("id", id).and("tenant", tenant.get()))
                        .firstResultOptional();
    }

    @Transactional
    public Optional<TaskEntity> findForUpdate(UUID id) {
        Optional<String> tenant = scope.tenant();
        return tenant.isEmpty()
                ? findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                : find(
                                "id = :id AND tenant = :tenant",
                                Parameters.with("id", id).and("tenant", tenant.get()))
                        .withLock(LockModeType.PESSIMISTIC_WRITE)
                        .firstResultOptional();
    }

    /**
     * Stores a new task as the current tenant's, created by the current caller, in plain SQL (every task is
     * inserted once and never read back in its admission): at once, or with the transaction's next statement when
     * the caller groups its writes ({@code WriteGroup}). Hibernate's pending writes are not flushed first: a caller
     * that persisted a row the task refers to (its session) flushes before.
     */
    @Transactional
    public void insert(TaskEntity task) {
        task.tenant = scope.tenantOfNewRow();
        task.owner = scope.creator();
        sql.send(TaskRows.INSERT, p -> TaskRows.bindInsert(task, p));
    }

    /**
     * Ends a running task that this replica holds (its lease owner) in one statement: the outcome goes in, the
     * lease goes, and when a task of the same session is queued behind it every replica is woken at the commit
     * (NOTIFY). The row comes back as it now is; empty when the task is no longer running under that lease.
     * The row lock the update takes lasts until the commit, as the lock of a {@link #findForUpdate} would.
     */
    @Transactional
    public Optional<TaskEntity> finishRunning(UUID id, String leaseOwner, TaskEnding ending) {
        return sql.one(
                FINISH_RUNNING,
                p -> p.text(ending.status().wireName())
                        .text(ending.output())
                        .text(ending.provider())
                        .text(ending.model())
                        .bigint(ending.inputTokens())
                        .bigint(ending.outputTokens())
                        .bigint(ending.providerMs())
                        .json(StoredJson.write(ending.error()))
                        .instant(ending.finishedAt())
                        .uuid(id)
                        .text(leaseOwner)
                        .text(QUEUE_CHANNEL),
                TaskRows::read);
    }

    private static final String FINISH_RUNNING = """
            WITH t AS (
                UPDATE tasks SET status = ?, output = ?, provider = COALESCE(?, provider), model = COALESCE(?, model),
                                 input_tokens = COALESCE(?, input_tokens), output_tokens = COALESCE(?, output_tokens),
                                 provider_ms = COALESCE(?, provider_ms), error = CAST(? AS jsonb), finished_at = ?,
                                 lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ? AND status = 'running' AND lease_owner = ?
                RETURNING *)
            SELECT t.*, (SELECT count(*) FROM (SELECT pg_notify(?, '') FROM tasks q
                                               WHERE q.session_id = t.session_id AND q.status = 'queued'
                                               LIMIT 1) n) AS announced
            FROM t
            """;

    /**
     * Serialises requests of the tenant that carry the same Idempotency-Key until the transaction ends, so
     * that two concurrent retries cannot both create a task.
     */
    @Transactional
    public void lockIdempotencyKey(String key) {
        getEntityManager()
                .createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))) l")
                .setParameter("k", scope.tenantOfNewRow() + "\n" + key)
                .getSingleResult();
    }

    /** The tenant's task created with this Idempotency-Key (keys are per tenant). */
    @Transactional
    public Optional<TaskEntity> byIdempotencyKey(String key) {
        return find(
                        "tenant = :tenant AND idempotencyKey = :key",
                        Parameters.with("tenant", scope.tenantOfNewRow()).and("key", key))
                .firstResultOptional();
    }

    /** The oldest queued or running task of the session, if any (the session was found in the scope first). */
    @Transactional
    public Optional<UUID> busyWith(UUID sessionId) {
        return getEntityManager()
                .createQuery(
                        "SELECT t.id FROM TaskEntity t WHERE t.sessionId = :session"
                                + " AND t.status IN ('queued', 'running') ORDER BY t.id",
                        UUID.class)
                .setParameter("session", sessionId)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    /** The tenant's queued and running tasks, on every replica (the concurrency limit). */
    @Transactional
    public long countUnfinished(String tenant) {
        return getEntityManager()
                .createQuery(
                        "SELECT count(t) FROM TaskEntity t WHERE t.tenant = :tenant"
                                + " AND t.status IN ('queued', 'running')",
                        Long.class)
                .setParameter("tenant", tenant)
                .getSingleResult();
    }

    @Transactional
    public boolean hasRunning(UUID sessionId, UUID except) {
        return !getEntityManager()
                .createQuery(
                        "SELECT t.id FROM TaskEntity t WHERE t.sessionId = :session"
                                + " AND t.status = 'running' AND t.id <> :except",
                        UUID.class)
                .setParameter("session", sessionId)
                .setParameter("except", except)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    @Transactional
    public void insertEvents(UUID taskId, List<TaskEvent> events) {
        this.events.add(taskId, events);
    }

    @Transactional
    public long lastSeq(UUID taskId) {
        return events.lastSeq(taskId);
    }

    @Transactional
    public List<TaskEvent> eventsAfter(UUID taskId, long afterSeq, int limit) {
        return events.after(taskId, afterSeq, limit);
    }

    /** The task's status; empty when there is no such task (or it is another tenant's). */
    @Transactional
    public Optional<TaskStatus> status(UUID taskId) {
        Parameters params = Parameters.with("id", taskId);
        StringBuilder jpql = new StringBuilder("SELECT t.status FROM TaskEntity t WHERE t.id = :id");
        scope.tenant().ifPresent(tenant -> {
            jpql.append(" AND t.tenant = :tenant");
            params.and("tenant", tenant);
        });
        var query = getEntityManager().createQuery(jpql.toString(), String.class);
        params.map().forEach(query::setParameter);
        return query.getResultStream().findFirst().map(TaskStatus::of);
    }

    /**
     * Locks the oldest queued tasks that may start, up to {@code limit}: each one's session has no running task
     * and no older queued one (tasks of a session run in order), so no two of them share a session. Rows other
     * replicas are claiming are skipped.
     *
     * <p>{@code OFFSET 0} keeps the check a probe per candidate, in queue order, on the session's unfinished
     * rows ({@code tasks_session_unfinished_idx}), so the first free task ends the scan. Without it PostgreSQL
     * turns the check into an anti-join, and with the statistics a burst leaves stale it compared every
     * queued task with every other: 160 ms to 7 s per claim behind 7,000 queued tasks, so that the worker
     * drained almost nothing while the backlog grew.
     */
    @Transactional
    public List<TaskEntity> lockNextQueued(int limit) {
        @SuppressWarnings("unchecked")
        List<TaskEntity> rows = getEntityManager()
                .createNativeQuery("""
                SELECT t.* FROM tasks t
                WHERE t.status = 'queued'
                  AND NOT EXISTS (SELECT 1 FROM tasks o
                                  WHERE o.session_id = t.session_id AND o.status IN ('queued', 'running')
                                    AND (o.status = 'running' OR (o.created_at, o.id) < (t.created_at, t.id))
                                  OFFSET 0)
                ORDER BY t.created_at, t.id
                LIMIT :limit
                FOR UPDATE OF t SKIP LOCKED
                """, TaskEntity.class)
                .setParameter("limit", limit)
                .getResultList();
        return rows;
    }

    /** Wakes the workers of every replica (at the commit): a task was queued. */
    @Transactional
    public void announceQueued() {
        getEntityManager()
                .createNativeQuery("SELECT count(*) FROM (SELECT pg_notify(:channel, '')) n")
                .setParameter("channel", QUEUE_CHANNEL)
                .getSingleResult();
    }

    /**
     * Wakes the workers of every replica (at the commit) when the session has a queued task, which
     * may start now that the session's task ended; true when it has.
     */
    @Transactional
    public boolean announceIfQueued(UUID sessionId) {
        Number n = (Number) getEntityManager()
                .createNativeQuery("""
                SELECT count(*) FROM (SELECT pg_notify(:channel, '') FROM tasks
                                      WHERE session_id = :session AND status = 'queued' LIMIT 1) n
                """)
                .setParameter("channel", QUEUE_CHANNEL)
                .setParameter("session", sessionId)
                .getSingleResult();
        return n.longValue() > 0;
    }

    /** Tasks waiting to run, on any replica (the queue-depth gauge). */
    @Transactional
    public long countQueued() {
        return getEntityManager()
                .createQuery("SELECT count(t) FROM TaskEntity t WHERE t.status = 'queued'", Long.class)
                .getSingleResult();
    }

    /** Running tasks whose lease ran out, locked; rows another replica is recovering are skipped. */
    @Transactional
    public List<TaskEntity> lockExpiredLeases(Instant now, int limit) {
        @SuppressWarnings("unchecked")
        List<TaskEntity> rows = getEntityManager()
                .createNativeQuery("""
                SELECT * FROM tasks
                WHERE status = 'running' AND lease_expires_at < :now
                ORDER BY lease_expires_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """, TaskEntity.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
        return rows;
    }

    /** Extends the leases this replica still holds; returns the ids it no longer holds. */
    @Transactional
    public List<UUID> renewLeases(Collection<UUID> ids, String owner, Instant expires) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Set<UUID> renewed = new HashSet<>(getEntityManager()
                .createQuery(
                        "SELECT t.id FROM TaskEntity t WHERE t.id IN :ids"
                                + " AND t.status = 'running' AND t.leaseOwner = :owner",
                        UUID.class)
                .setParameter("ids", ids)
                .setParameter("owner", owner)
                .getResultList());
        if (!renewed.isEmpty()) {
            getEntityManager()
                    .createQuery("UPDATE TaskEntity t SET t.leaseExpiresAt = :expires WHERE t.id IN :ids")
                    .setParameter("expires", expires)
                    .setParameter("ids", renewed)
                    .executeUpdate();
        }
        return ids.stream().filter(id -> !renewed.contains(id)).toList();
    }

    /** Renews one lease; false when this replica no longer holds it. */
    @Transactional
    public boolean renewLease(UUID id, String owner, Instant expires) {
        return getEntityManager()
                        .createQuery("UPDATE TaskEntity t SET t.leaseExpiresAt = :expires"
                                + " WHERE t.id = :id AND t.status = 'running' AND t.leaseOwner = :owner")
                        .setParameter("expires", expires)
                        .setParameter("id", id)
                        .setParameter("owner", owner)
                        .executeUpdate()
                == 1;
    }

    @Transactional
    public List<UUID> cancelRequested(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return getEntityManager()
                .createQuery(
                        "SELECT t.id FROM TaskEntity t WHERE t.id IN :ids AND t.cancelRequested = true", UUID.class)
                .setParameter("ids", ids)
                .getResultList();
    }

    /** The tenant's tasks (every tenant's outside a request), newest first; filters may be null. */
    @Transactional
    public List<TaskEntity> list(UUID sessionId, String agent, TaskStatus status, UUID before, int limit) {
        Parameters params = new Parameters();
        StringBuilder jpql = where(sessionId, agent, status, params);
        if (before != null) {
            jpql.append(" AND id < :before");
            params.and("before", before);
        }
        jpql.append(" ORDER BY id DESC");
        return find(jpql.toString(), params).range(0, limit - 1).list();
    }

    /** How many tasks {@link #list} would page through with these filters. */
    @Transactional
    public long count(UUID sessionId, String agent, TaskStatus status) {
        Parameters params = new Parameters();
        return count(where(sessionId, agent, status, params).toString(), params);
    }

    /** The tenant's scope and the filters that are set, as a JPQL condition. */
    private StringBuilder where(UUID sessionId, String agent, TaskStatus status, Parameters params) {
        StringBuilder jpql = new StringBuilder("1 = 1");
        scope.tenant().ifPresent(tenant -> {
            jpql.append(" AND tenant = :tenant");
            params.and("tenant", tenant);
        });
        if (sessionId != null) {
            jpql.append(" AND sessionId = :session");
            params.and("session", sessionId);
        }
        if (agent != null) {
            jpql.append(" AND agent = :agent");
            params.and("agent", agent);
        }
        if (status != null) {
            jpql.append(" AND status = :status");
            params.and("status", status.wireName());
        }
        return jpql;
    }

    /** Forgets Idempotency-Keys older than the retention so that the index stays small. */
    @Transactional
    public int forgetIdempotencyKeys(Instant createdBefore) {
        return getEntityManager()
                .createQuery("UPDATE TaskEntity t SET t.idempotencyKey = null"
                        + " WHERE t.idempotencyKey IS NOT NULL AND t.createdAt < :cutoff")
                .setParameter("cutoff", createdBefore)
                .executeUpdate();
    }
}
