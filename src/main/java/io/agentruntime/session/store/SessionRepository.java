package io.agentruntime.session.store;

import io.agentruntime.auth.TenantScope;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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

    /** The session, when it exists and is the tenant's. */
    Optional<SessionEntity> get(UUID id) {
        Optional<String> tenant = scope.tenant();
        return tenant.isEmpty()
                ? findByIdOptional(id)
                : find(
                                "id = :id AND tenant = :tenant",
                                Parameters.with("id", id).and("tenant", tenant.get()))
                        .firstResultOptional();
    }

    /**
     * The session row, read fresh under a row lock that lasts until the transaction ends; empty when it does
     * not exist or is another tenant's. A refresh rather than a find: the caller may have read the session
     * earlier in the same transaction, and a count read before the lock could be stale.
     */
    Optional<SessionEntity> locked(UUID id) {
        SessionEntity session = getEntityManager().getReference(SessionEntity.class, id);
        try {
            getEntityManager().refresh(session, LockModeType.PESSIMISTIC_WRITE);
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        }
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
