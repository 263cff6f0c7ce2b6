package io.agentruntime.session.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The {@code messages} table; used by {@link PostgresSessionService} only. */
@ApplicationScoped
class MessageRepository implements PanacheRepositoryBase<MessageEntity, UUID> {

    /** At most {@code max} messages of a session after sequence number {@code after}, in order. */
    List<MessageEntity> after(UUID sessionId, long after, int max) {
        return find(
                        "sessionId = :session AND seq > :after ORDER BY seq",
                        Parameters.with("session", sessionId).and("after", after))
                .range(0, max - 1)
                .list();
    }

    /** The messages of a session up to and including sequence number {@code upTo}, in order. */
    List<MessageEntity> upTo(UUID sessionId, long upTo) {
        return list(
                "sessionId = :session AND seq <= :upTo ORDER BY seq",
                Parameters.with("session", sessionId).and("upTo", upTo));
    }
}
