package io.agentruntime.session.store;

import io.agentruntime.auth.TenantScope;
import io.agentruntime.common.db.Sql;
import io.agentruntime.session.NewMessage;
import io.agentruntime.session.NewSession;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * The {@code sessions} table, confined to the {@link TenantScope}: every method here reads and writes the
 * current tenant's rows only (all of them for the server's own work), and {@link PostgresSessionService} uses
 * these methods only, never the inherited ones ({@code ArchitectureTest}). Another tenant's session is
 * exactly as absent as one that never existed.
 *
 * <p>The two writes of every task, a new session with its first message ({@link #addWithFirst}) and a message
 * appended to a session ({@link #addMessage}), are one plain SQL statement each ({@link Sql}): as entities,
 * Hibernate copied, snapshotted, dirty-checked and flushed each row, more CPU than the statements. Hibernate
 * neither knows these rows nor flushes before these statements, hence two rules:
 *
 * <ul>
 *   <li>A session this transaction holds as an entity (persisted, read or locked through Hibernate: {@link
 *       #holds}) is written through the entity only. Its count would be stale after a statement of ours, and
 *       the flush of the entity would write the stale count back over it.
 *   <li>The statements depend on no pending entity change: they refer only to their session's row, which is
 *       in the database unless this transaction holds it (the first rule). A caller that makes them depend on
 *       an entity it has persisted but not flushed (a row a foreign key names) flushes first.
 * </ul>
 */
@ApplicationScoped
class SessionRepository implements PanacheRepositoryBase<SessionEntity, UUID> {

    private static final String MESSAGE_COLUMNS =
            "id, session_id, seq, role, content, model, input_tokens, output_tokens, task_id, created_at";

    // The message is inserted from the session's row, so that there is never one without the other.
    private static final String INSERT_WITH_FIRST = """
            WITH s AS (
                INSERT INTO sessions (id, agent, title, metadata, tenant, created_by, message_count, created_at,
                                      updated_at)
                VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, 1, ?, ?)
                RETURNING id)
            INSERT INTO messages (%s)
            SELECT ?, s.id, 1, ?, ?, ?, ?, ?, ?, ? FROM s
            """.formatted(MESSAGE_COLUMNS);

    // The UPDATE locks the session's row until the transaction ends and numbers the message; no row (no such
    // session, or another tenant's) inserts no message.
    private static final String ADD_MESSAGE = """
            WITH s AS (
                UPDATE sessions SET message_count = message_count + 1, updated_at = ?
                WHERE id = ?%s
                RETURNING id, message_count)
            INSERT INTO messages (%s)
            SELECT ?, s.id, s.message_count, ?, ?, ?, ?, ?, ?, ? FROM s
            RETURNING seq
            """;
    private static final String ADD_MESSAGE_ANY_TENANT = ADD_MESSAGE.formatted("", MESSAGE_COLUMNS);
    private static final String ADD_MESSAGE_OF_TENANT = ADD_MESSAGE.formatted(" AND tenant = ?", MESSAGE_COLUMNS);

    private final TenantScope scope;
    private final Sql sql;

    SessionRepository(TenantScope scope, Sql sql) {
        this.scope = scope;
        this.sql = sql;
    }

    /** Stores a new session as the current tenant's, created by the current caller. */
    void add(SessionEntity session, boolean flush) {
        session.tenant = scope.tenantOfNewRow();
        session.owner = scope.creator();
        persist(session);
        if (flush) {
            flush();
        }
    }

    /**
     * The session, when it exists and is the tenant's. Read by its key, so that a session this transaction
     * already holds (created, read or locked) costs no statement.
     */
    Optional<SessionEntity> get(UUID id) {
        Optional<String> tenant = scope.tenant();
        return findByIdOptional(id).filter(s -> tenant.isEmpty() || tenant.get().equals(s.tenant));
    }

    /**
     * Stores a new session as the current tenant's, created by the current caller (as {@link #add} does), with
     * its first message (sequence number 1), in one statement; both are created {@code now}. Answers who
     * created it.
     *
     * @param metadataJson the session's metadata, already written as a JSON object
     */
    String addWithFirst(
            UUID id, NewSession session, String metadataJson, UUID messageId, NewMessage first, Instant now) {
        String creator = scope.creator();
        sql.send(INSERT_WITH_FIRST, p -> {
            p.uuid(id)
                    .text(session.agent())
                    .text(session.title())
                    .json(metadataJson)
                    .text(scope.tenantOfNewRow())
                    .text(creator)
                    .instant(now)
                    .instant(now);
            message(p, messageId, first, now);
        });
        return creator;
    }

    /**
     * Appends a message to a session this transaction does not hold as an entity (see {@link #holds}; the
     * class's rules): counts it, touches the session's time and inserts it, in one statement that locks the
     * session's row until the transaction ends. Answers the message's sequence number; empty when the session
     * does not exist or is another tenant's (then nothing is written).
     */
    Optional<Long> addMessage(UUID sessionId, UUID messageId, NewMessage message, Instant now) {
        Optional<String> tenant = scope.tenant();
        return sql.one(
                tenant.isEmpty() ? ADD_MESSAGE_ANY_TENANT : ADD_MESSAGE_OF_TENANT,
                p -> {
                    p.instant(now).uuid(sessionId);
                    if (tenant.isPresent()) {
                        p.text(tenant.get());
                    }
                    message(p, messageId, message, now);
                },
                row -> row.getLong("seq"));
    }

    /** Binds a message's columns but {@code session_id} and {@code seq}, which come from the session's row. */
    private static void message(Sql.Params p, UUID id, NewMessage m, Instant now) throws SQLException {
        p.uuid(id)
                .text(m.role())
                .text(m.content())
                .text(m.model())
                .bigint(m.inputTokens())
                .bigint(m.outputTokens())
                .uuid(m.taskId())
                .instant(now);
    }

    /**
     * Whether this transaction holds the session as an entity (persisted, read or locked through Hibernate), so
     * that it must be written through the entity ({@link #countMessage}) rather than {@link #addMessage}.
     */
    boolean holds(UUID id) {
        return managed(id) != null;
    }

    /**
     * Counts one more message in a session this transaction holds ({@link #holds}) and touches its time, on the
     * entity, under the row lock ({@link #locked}); answers the new count (the message's sequence number), or
     * empty when the session is another tenant's.
     */
    Optional<Long> countMessage(UUID id, Instant now) {
        return locked(id).map(session -> {
            session.messageCount++;
            session.updatedAt = now;
            return session.messageCount;
        });
    }

    /** The session when this transaction already holds it, without a statement; else null. */
    private SessionEntity managed(UUID id) {
        SessionImplementor session = getEntityManager().unwrap(SessionImplementor.class);
        EntityPersister persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(SessionEntity.class);
        return (SessionEntity)
                session.getPersistenceContextInternal().getEntity(session.generateEntityKey(id, persister));
    }

    /**
     * The session row, read fresh under a row lock that lasts until the transaction ends; empty when it does
     * not exist or is another tenant's. A refresh rather than a find: the caller may have read the session
     * earlier in the same transaction, and a count read before the lock could be stale.
     */
    Optional<SessionEntity> locked(UUID id) {
        SessionEntity held = managed(id);
        if (held != null && getEntityManager().getLockMode(held) == LockModeType.PESSIMISTIC_WRITE) {
            // Locked earlier in this transaction: read under that lock, and changed only by this transaction.
            return ofTenant(held);
        }
        SessionEntity session = getEntityManager().getReference(SessionEntity.class, id);
        try {
            getEntityManager().refresh(session, LockModeType.PESSIMISTIC_WRITE);
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        }
        return ofTenant(session);
    }

    private Optional<SessionEntity> ofTenant(SessionEntity session) {
        Optional<String> tenant = scope.tenant();
        // Another tenant's row stays locked only until this transaction ends, at once: it answers 404.
        return tenant.isEmpty() || tenant.get().equals(session.tenant) ? Optional.of(session) : Optional.empty();
    }

    /** Deletes the session (the database removes its messages and tasks); false when there is none to delete. */
    boolean remove(UUID id) {
        Optional<String> tenant = scope.tenant();
        return tenant.isEmpty()
                ? delete("id", id) > 0
                : delete(
                                "id = :id AND tenant = :tenant",
                                Parameters.with("id", id).and("tenant", tenant.get()))
                        > 0;
    }

    /**
     * At most {@code max} sessions, newest first, with an id below {@code before} (null: from the newest);
     * filters may be null. {@code metadataJson} is a JSON object the metadata must contain.
     */
    List<SessionEntity> page(String agent, String metadataJson, UUID before, int max) {
        StringBuilder sql = new StringBuilder("SELECT * FROM sessions WHERE true");
        Map<String, Object> params = new LinkedHashMap<>();
        scope.tenant().ifPresent(tenant -> {
            sql.append(" AND tenant = :tenant");
            params.put("tenant", tenant);
        });
        if (agent != null) {
            sql.append(" AND agent = :agent");
            params.put("agent", agent);
        }
        if (metadataJson != null) {
            sql.append(" AND metadata @> CAST(:metadata AS jsonb)");
            params.put("metadata", metadataJson);
        }
        if (before != null) {
            sql.append(" AND id < :after");
            params.put("after", before);
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        params.put("limit", max);
        Query query = getEntityManager().createNativeQuery(sql.toString(), SessionEntity.class);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<SessionEntity> rows = query.getResultList();
        return rows;
    }
}
