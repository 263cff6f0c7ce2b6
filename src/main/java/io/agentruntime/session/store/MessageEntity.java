package io.agentruntime.session.store;

import io.agentruntime.session.MessageView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code messages}; never leaves {@link PostgresSessionService}. The session is a plain
 * id rather than an association: nothing here navigates from a message to its session, and the
 * database cascades the delete.
 */
@Entity
@Table(name = "messages")
class MessageEntity {

    @Id
    UUID id;

    @Column(name = "session_id", nullable = false)
    UUID sessionId;

    @Column(name = "seq", nullable = false)
    long seq;

    @Column(name = "role", nullable = false)
    String role;

    @Column(name = "content", nullable = false)
    String content;

    @Column(name = "model")
    String model;

    @Column(name = "input_tokens")
    Long inputTokens;

    @Column(name = "output_tokens")
    Long outputTokens;

    @Column(name = "task_id")
    UUID taskId;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    MessageView toView() {
        return new MessageView(id, sessionId, seq, role, content, model, inputTokens, outputTokens, taskId, createdAt);
    }
}
