package io.agentruntime.usage.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of the {@code usage} ledger: what one finished task cost. Never leaves this package's store. */
@Entity
@Table(name = "usage")
class UsageEntity {

    @Id
    @Column(name = "task_id")
    public UUID taskId;

    @Column(name = "tenant", nullable = false, updatable = false)
    public String tenant;

    @Column(name = "agent", nullable = false)
    public String agent;

    @Column(name = "provider")
    public String provider;

    @Column(name = "model")
    public String model;

    @Column(name = "input_tokens", nullable = false)
    public long inputTokens;

    @Column(name = "output_tokens", nullable = false)
    public long outputTokens;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    @Column(name = "finished_at", nullable = false)
    public Instant finishedAt;
}
