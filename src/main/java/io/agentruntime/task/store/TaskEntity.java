package io.agentruntime.task.store;

import io.agentruntime.task.TaskStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code tasks}; never leaves this package. Status and mode hold the wire names. */
@Entity
@Table(name = "tasks")
public class TaskEntity {

    @Id
    public UUID id;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(name = "agent", nullable = false)
    public String agent;

    @Column(name = "model")
    public String model;

    @Column(name = "provider")
    public String provider;

    @Column(name = "status", nullable = false)
    public String status;

    @Column(name = "mode", nullable = false)
    public String mode;

    @Column(name = "input", nullable = false)
    public String input;

    @Column(name = "output")
    public String output;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "error")
    public Map<String, Object> error;

    @Column(name = "input_tokens")
    public Long inputTokens;

    @Column(name = "output_tokens")
    public Long outputTokens;

    @Column(name = "max_tokens")
    public Integer maxTokens;

    @Column(name = "temperature")
    public Double temperature;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "metadata")
    public Map<String, Object> metadata;

    /** Whose task it is; set by {@link TaskStore#insert} from the tenant scope, never by the engine. */
    @Column(name = "tenant", nullable = false, updatable = false)
    public String tenant;

    /** Who created it (a key's name, a token's subject); set by {@link TaskStore#insert}. */
    @Column(name = "created_by", nullable = false, updatable = false)
    public String owner;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "lookup")
    public Map<String, Object> lookup;

    /** How the agent was chosen: request, session, lookup or fallback. */
    @Column(name = "agent_choice")
    public String agentChoice;

    /** The lookup's verdict when it chose the agent (or found none and the fallback ran). */
    @Column(name = "lookup_verdict")
    public String lookupVerdict;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "attempts", nullable = false)
    public int attempts;

    @Column(name = "provider_ms")
    public Long providerMs;

    @Column(name = "cancel_requested", nullable = false)
    public boolean cancelRequested;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /**
     * The time to store: PostgreSQL keeps microseconds, so a view built before the round trip (a
     * {@code done} event) and one read back later agree.
     */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public TaskStatus status() {
        return TaskStatus.of(status);
    }
}
