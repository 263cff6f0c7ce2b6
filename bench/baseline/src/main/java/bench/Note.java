package bench;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The one row each request inserts. */
@Entity
@Table(name = "notes")
public class Note {

    @Id
    public UUID id;

    @Column(nullable = false, length = 4000)
    public String text;

    @Column(nullable = false)
    public Instant createdAt;
}
