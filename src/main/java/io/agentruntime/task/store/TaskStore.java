package io.agentruntime.task.store;

import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/**
 * The SQL of tasks and their events. Every method joins the caller's transaction (the services
 * group several calls into one), else runs in its own.
 */
@ApplicationScoped
public class TaskStore {

    /** The PostgreSQL NOTIFY channel that announces queued tasks to every replica's listener. */
    public static final String QUEUE_CHANNEL = "agent_runtime_task_queue";

    private final EntityManager em;

    TaskStore(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public Optional<TaskEntity> find(UUID id) {
        return Optional.ofNullable(em.find(TaskEntity.class, id));
    }

    @Transactional
    public Optional<TaskEntity> findForUpdate(UUID id) {
        return Optional.ofNullable(em.find(TaskEntity.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Transactional
    public void insert(TaskEntity task) {
        em.persist(task);
    }

    /**
     * Serialises requests that carry the same Idempotency-Key until the transaction ends, so that
     * two concurrent retries cannot both create a task.
     */
    @Transactional
    public void lockIdempotencyKey(String owner, String key) {
        em.createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))) l")
                .setParameter("k", owner + "\n" + key)
                .getSingleResult();
    }

    @Transactional
    public Optional<TaskEntity> byIdempotencyKey(String owner, String key) {
        return em.createQuery("FROM TaskEntity t WHERE t.owner = :owner AND t.idempotencyKey = :key", TaskEntity.class)
                .setParameter("owner", owner)
                .setParameter("key", key)
                .getResultStream()
                .findFirst();
    }

    /** The oldest queued or running task of the session, if any. */
    @Transactional
    public Optional<UUID> busyWith(UUID sessionId) {
        return em.createQuery(
                        "SELECT t.id FROM TaskEntity t WHERE t.sessionId = :session"
                                + " AND t.status IN ('queued', 'running') ORDER BY t.id",
                        UUID.class)
                .setParameter("session", sessionId)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    @Transactional
    public boolean hasRunning(UUID sessionId, UUID except) {
        return !em.createQuery(
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
        if (events.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).setJdbcBatchSize(64);
        for (TaskEvent e : events) {
            em.persist(TaskEventEntity.of(taskId, e));
        }
        em.flush();
    }

    @Transactional
    public long lastSeq(UUID taskId) {
        Long max = em.createQuery("SELECT max(e.seq) FROM TaskEventEntity e WHERE e.taskId = :task", Long.class)
                .setParameter("task", taskId)
                .getSingleResult();
        return max == null ? 0 : max;
    }

    @Transactional
    public List<TaskEvent> eventsAfter(UUID taskId, long afterSeq, int limit) {
        return em.createQuery(
                        "FROM TaskEventEntity e WHERE e.taskId = :task AND e.seq > :after ORDER BY e.seq",
                        TaskEventEntity.class)
                .setParameter("task", taskId)
                .setParameter("after", afterSeq)
                .setMaxResults(limit)
                .getResultStream()
                .map(TaskEventEntity::toEvent)
                .toList();
    }

    @Transactional
    public Optional<TaskStatus> status(UUID taskId) {
        return em.createQuery("SELECT t.status FROM TaskEntity t WHERE t.id = :id", String.class)
                .setParameter("id", taskId)
                .getResultStream()
                .findFirst()
                .map(TaskStatus::of);
    }

    /**
     * Locks the oldest queued task that may start: its session has no running task and no older
     * queued one (tasks of a session run in order). Rows other replicas are claiming are skipped.
     */
    @Transactional
    public Optional<TaskEntity> lockNextQueued() {
        @SuppressWarnings("unchecked")
        List<TaskEntity> rows = em.createNativeQuery("""
                SELECT t.* FROM tasks t
                WHERE t.status = 'queued'
                  AND NOT EXISTS (SELECT 1 FROM tasks r WHERE r.session_id = t.session_id AND r.status = 'running')
                  AND NOT EXISTS (SELECT 1 FROM tasks q WHERE q.session_id = t.session_id AND q.status = 'queued'
                                  AND (q.created_at, q.id) < (t.created_at, t.id))
                ORDER BY t.created_at, t.id
                LIMIT 1
                FOR UPDATE OF t SKIP LOCKED
                """, TaskEntity.class).getResultList();
        return rows.stream().findFirst();
    }

    /** Wakes the workers of every replica (at the commit): a task was queued. */
    @Transactional
    public void announceQueued() {
        em.createNativeQuery("SELECT count(*) FROM (SELECT pg_notify(:channel, '')) n")
                .setParameter("channel", QUEUE_CHANNEL)
                .getSingleResult();
    }

    /**
     * Wakes the workers of every replica (at the commit) when the session has a queued task, which
     * may start now that the session's task ended; true when it has.
     */
    @Transactional
    public boolean announceIfQueued(UUID sessionId) {
        Number n = (Number) em.createNativeQuery("""
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
        return em.createQuery("SELECT count(t) FROM TaskEntity t WHERE t.status = 'queued'", Long.class)
                .getSingleResult();
    }

    /** Running tasks whose lease ran out, locked; rows another replica is recovering are skipped. */
    @Transactional
    public List<TaskEntity> lockExpiredLeases(Instant now, int limit) {
        @SuppressWarnings("unchecked")
        List<TaskEntity> rows = em.createNativeQuery("""
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
        List<UUID> renewed = em.createQuery(
                        "SELECT t.id FROM TaskEntity t WHERE t.id IN :ids"
                                + " AND t.status = 'running' AND t.leaseOwner = :owner",
                        UUID.class)
                .setParameter("ids", ids)
                .setParameter("owner", owner)
                .getResultList();
        if (!renewed.isEmpty()) {
            em.createQuery("UPDATE TaskEntity t SET t.leaseExpiresAt = :expires WHERE t.id IN :ids")
                    .setParameter("expires", expires)
                    .setParameter("ids", renewed)
                    .executeUpdate();
        }
        return ids.stream().filter(id -> !renewed.contains(id)).toList();
    }

    /** Renews one lease; false when this replica no longer holds it. */
    @Transactional
    public boolean renewLease(UUID id, String owner, Instant expires) {
        return em.createQuery("UPDATE TaskEntity t SET t.leaseExpiresAt = :expires"
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
        return em.createQuery(
                        "SELECT t.id FROM TaskEntity t WHERE t.id IN :ids AND t.cancelRequested = true", UUID.class)
                .setParameter("ids", ids)
                .getResultList();
    }

    /** Newest first; filters may be null. */
    @Transactional
    public List<TaskEntity> list(
            String owner, UUID sessionId, String agent, TaskStatus status, UUID before, int limit) {
        StringBuilder jpql = new StringBuilder("FROM TaskEntity t WHERE t.owner = :owner");
        if (sessionId != null) {
            jpql.append(" AND t.sessionId = :session");
        }
        if (agent != null) {
            jpql.append(" AND t.agent = :agent");
        }
        if (status != null) {
            jpql.append(" AND t.status = :status");
        }
        if (before != null) {
            jpql.append(" AND t.id < :before");
        }
        jpql.append(" ORDER BY t.id DESC");
        var query = em.createQuery(jpql.toString(), TaskEntity.class).setParameter("owner", owner);
        if (sessionId != null) {
            query.setParameter("session", sessionId);
        }
        if (agent != null) {
            query.setParameter("agent", agent);
        }
        if (status != null) {
            query.setParameter("status", status.wireName());
        }
        if (before != null) {
            query.setParameter("before", before);
        }
        return query.setMaxResults(limit).getResultList();
    }

    /** Forgets Idempotency-Keys older than the retention so that the index stays small. */
    @Transactional
    public int forgetIdempotencyKeys(Instant createdBefore) {
        return em.createQuery("UPDATE TaskEntity t SET t.idempotencyKey = null"
                        + " WHERE t.idempotencyKey IS NOT NULL AND t.createdAt < :cutoff")
                .setParameter("cutoff", createdBefore)
                .executeUpdate();
    }

    public void flush() {
        em.flush();
    }
}
