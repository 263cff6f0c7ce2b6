package io.agentruntime.session.store;

import io.agentruntime.auth.TenantScope;
import io.agentruntime.session.HistoryBudget;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code messages} table; used by {@link PostgresSessionService} only, through these methods only. A
 * message belongs to the tenant of its session, so every read here names the session and finds nothing
 * when that session is not the {@link TenantScope}'s tenant's.
 */
@ApplicationScoped
class MessageRepository implements PanacheRepositoryBase<MessageEntity, UUID> {

    private final TenantScope scope;

    MessageRepository(TenantScope scope) {
        this.scope = scope;
    }

    /** Stores a message; the caller has locked its session through {@link SessionRepository#locked}. */
    void add(MessageEntity message, boolean flush) {
        persist(message);
        if (flush) {
            flush();
        }
    }

    /** At most {@code max} messages of a session after sequence number {@code after}, in order. */
    List<MessageEntity> after(UUID sessionId, long after, int max) {
        Parameters params = Parameters.with("session", sessionId).and("after", after);
        return find("sessionId = :session AND seq > :after" + ofTenant(params) + " ORDER BY seq", params)
                .range(0, max - 1)
                .list();
    }

    /** The messages of a session up to and including sequence number {@code upTo}, in order. */
    List<MessageEntity> upTo(UUID sessionId, long upTo) {
        Parameters params = Parameters.with("session", sessionId).and("upTo", upTo);
        return list("sessionId = :session AND seq <= :upTo" + ofTenant(params) + " ORDER BY seq", params);
    }

    /** The message, when it is one of the session's. */
    Optional<MessageEntity> inSession(UUID sessionId, UUID messageId) {
        Parameters params = Parameters.with("session", sessionId).and("id", messageId);
        return find("id = :id AND sessionId = :session" + ofTenant(params), params)
                .firstResultOptional();
    }

    /**
     * The newest messages of a session within the budget, in order. The running total walks back from the
     * newest message, so the rows within the character budget are exactly the newest ones that fit; the
     * database reads no further than the limit.
     */
    List<MessageEntity> newest(UUID sessionId, HistoryBudget budget) {
        Optional<String> tenant = scope.tenant();
        Query query = getEntityManager()
                .createNativeQuery(
                        """
                SELECT t.id, t.session_id, t.seq, t.role, t.content, t.model, t.input_tokens, t.output_tokens,
                       t.task_id, t.created_at
                FROM (SELECT m.*, sum(char_length(m.content)) OVER (ORDER BY m.seq DESC) AS running
                      FROM messages m WHERE m.session_id = :session %s
                      ORDER BY m.seq DESC LIMIT :max) t
                WHERE t.running <= :chars
                ORDER BY t.seq
                """.formatted(
                                        tenant.isEmpty()
                                                ? ""
                                                : "AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = :session AND s.tenant = :tenant)"),
                        MessageEntity.class)
                .setParameter("session", sessionId)
                .setParameter("max", budget.maxMessages())
                .setParameter("chars", budget.maxChars());
        tenant.ifPresent(t -> query.setParameter("tenant", t));
        @SuppressWarnings("unchecked")
        List<MessageEntity> rows = query.getResultList();
        return rows;
    }

    /** The JPQL condition that the session {@code :session} is the scope's tenant's; none across tenants. */
    private String ofTenant(Parameters params) {
        Optional<String> tenant = scope.tenant();
        if (tenant.isEmpty()) {
            return "";
        }
        params.and("tenant", tenant.get());
        return " AND EXISTS (SELECT 1 FROM SessionEntity s WHERE s.id = :session AND s.tenant = :tenant)";
    }
}
