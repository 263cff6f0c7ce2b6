package bench.floor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A task as little as it can be: its input, then its answer and usage. */
@Entity
@Table(name = "floor_tasks")
public class FloorTask {

    @Id
    public UUID id;

    @Column(nullable = false, length = 4000)
    public String input;

    @Column(nullable = false)
    public String status;

    @Column(length = 16000)
    public String output;

    public Integer inputTokens;

    public Integer outputTokens;

    @Column(nullable = false)
    public Instant createdAt;

    public Instant finishedAt;
}
