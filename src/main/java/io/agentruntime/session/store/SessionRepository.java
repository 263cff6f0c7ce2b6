package io.agentruntime.session.store;

import io.agentruntime.auth.TenantScope;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
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
 */
@ApplicationScoped
class SessionRepository implements PanacheRepositoryBase<SessionEntity, UUID> {

    private final TenantScope scope;

    SessionRepository(TenantScope scope) {
        this.scope = scope;
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
     * Counts one more message in the session and touches its time, under the row lock, and answers the new
     * count (the message's sequence number); empty when the session does not exist or is another tenant's.
     * A session this transaction does not hold yet costs one {@code UPDATE ... RETURNING}, which locks the
     * row as {@link #locked} would.
     */
    Optional<Long> countMessage(UUID id, Instant now) {
        if (managed(id) != null) {
            return locked(id).map(session -> {
                session.messageCount++;
                session.updatedAt = now;
                return session.messageCount;
            });
        }
        Optional<String> tenant = scope.tenant();
        Query update = getEntityManager()
                .createNativeQuery(tenant.isEmpty() ? COUNT_MESSAGE : COUNT_MESSAGE_OF_TENANT)
                .setParameter("id", id)
                .setParameter("now", now);
        tenant.ifPresent(t -> update.setParameter("tenant", t));
        return update.getResultStream().findFirst().map(n -> ((Number) n).longValue());
    }

    private static final String COUNT_MESSAGE =
            "UPDATE sessions SET message_count = message_count + 1, updated_at = :now WHERE id = :id"
                    + " RETURNING message_count";
    private static final String COUNT_MESSAGE_OF_TENANT =
            COUNT_MESSAGE.replace(" RETURNING", " AND tenant = :tenant RETURNING");

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
