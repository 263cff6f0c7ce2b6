package io.agentruntime.task;

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
class TaskEntity {

    @Id
    UUID id;

    @Column(name = "session_id", nullable = false)
    UUID sessionId;

    @Column(name = "agent", nullable = false)
    String agent;

    @Column(name = "model")
    String model;

    @Column(name = "provider")
    String provider;

    @Column(name = "status", nullable = false)
    String status;

    @Column(name = "mode", nullable = false)
    String mode;

    @Column(name = "input", nullable = false)
    String input;

    @Column(name = "output")
    String output;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "error")
    Map<String, Object> error;

    @Column(name = "input_tokens")
    Long inputTokens;

    @Column(name = "output_tokens")
    Long outputTokens;

    @Column(name = "max_tokens")
    Integer maxTokens;

    @Column(name = "temperature")
    Double temperature;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "metadata")
    Map<String, Object> metadata;

    @Column(name = "owner", nullable = false)
    String owner;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "lookup")
    Map<String, Object> lookup;

    /** How the agent was chosen: request, session, lookup or fallback. */
    @Column(name = "agent_choice")
    String agentChoice;

    /** The lookup's verdict when it chose the agent (or found none and the fallback ran). */
    @Column(name = "lookup_verdict")
    String lookupVerdict;

    @Column(name = "idempotency_key")
    String idempotencyKey;

    @Column(name = "request_hash")
    String requestHash;

    @Column(name = "lease_owner")
    String leaseOwner;

    @Column(name = "lease_expires_at")
    Instant leaseExpiresAt;

    @Column(name = "attempts", nullable = false)
    int attempts;

    @Column(name = "provider_ms")
    Long providerMs;

    @Column(name = "cancel_requested", nullable = false)
    boolean cancelRequested;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "started_at")
    Instant startedAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    /**
     * The time to store: PostgreSQL keeps microseconds, so a view built before the round trip (a
     * {@code done} event) and one read back later agree.
     */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    TaskStatus status() {
        return TaskStatus.of(status);
    }
}
