package bench;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One POST, one row, one transaction: blocking JAX-RS with {@code @Transactional}. */
@Path("/notes")
public class NoteResource {

    public record NewNote(String text) {}

    private final EntityManager em;

    public NoteResource(EntityManager em) {
        this.em = em;
    }

    @POST
    @Transactional
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> create(NewNote body) {
        Note n = new Note();
        n.id = UUID.randomUUID();
        n.text = body == null || body.text() == null ? "" : body.text();
        n.createdAt = Instant.now();
        em.persist(n);
        return Map.of("id", n.id, "createdAt", n.createdAt.toString());
    }
}
