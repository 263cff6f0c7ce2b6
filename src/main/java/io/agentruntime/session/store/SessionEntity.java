package io.agentruntime.session.store;

import io.agentruntime.session.SessionView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code sessions}; never leaves {@link PostgresSessionService}. Updates write only the
 * changed columns: every append touches the count and the time, and should not rewrite the metadata.
 */
@Entity
@Table(name = "sessions")
@DynamicUpdate
class SessionEntity {

    @Id
    UUID id;

    @Column(name = "agent", nullable = false)
    String agent;

    @Column(name = "title")
    String title;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "metadata", nullable = false)
    Map<String, Object> metadata;

    /** Whose session it is; set by {@link SessionRepository} from the tenant scope, never by a service. */
    @Column(name = "tenant", nullable = false, updatable = false)
    String tenant;

    /** Who created it (a key's name, a token's subject): the {@code owner} of the API. */
    @Column(name = "created_by", nullable = false, updatable = false)
    String owner;

    @Column(name = "message_count", nullable = false)
    long messageCount;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    SessionView toView() {
        Map<String, Object> copy =
                metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        return new SessionView(id, agent, title, copy, owner, messageCount, createdAt, updatedAt);
    }
}
