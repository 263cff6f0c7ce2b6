package io.agentruntime.task.store;

import io.agentruntime.task.TaskEvent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code task_events}; never leaves this package. Immutable: an event is written once, and
 * Hibernate then neither snapshots nor dirty-checks its JSON column (whose copy would never compare
 * equal and cost an UPDATE of every row just inserted).
 */
@Entity
@Immutable
@Table(name = "task_events")
@IdClass(TaskEventEntity.Key.class)
public class TaskEventEntity {

    @Id
    @Column(name = "task_id")
    public UUID taskId;

    @Id
    @Column(name = "seq")
    public long seq;

    @Column(name = "kind", nullable = false)
    public String kind;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "data", nullable = false)
    public Map<String, Object> data;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public TaskEvent toEvent() {
        return new TaskEvent(seq, TaskEvent.Kind.of(kind), data, createdAt);
    }

    /** The composite primary key. */
    static class Key implements Serializable {

        UUID taskId;
        long seq;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && seq == k.seq && Objects.equals(taskId, k.taskId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(taskId, seq);
        }
    }
}
