package bench.floor;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * One blocking task with the service's two durability guarantees and nothing else: the input is
 * committed before the provider is called, the answer and usage are committed together after it.
 * Two transactions, one provider call, blocking JAX-RS on a worker thread. No sessions, events,
 * usage ledger, limits, idempotency, authentication, metrics or validation.
 */
@Path("/tasks")
public class FloorResource {

    public record NewTask(String input) {}

    private final EntityManager em;
    private final Messages provider;

    public FloorResource(EntityManager em, @RestClient Messages provider) {
        this.em = em;
        this.provider = provider;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> run(NewTask body) {
        String input = body == null || body.input() == null ? "" : body.input();
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            FloorTask t = new FloorTask();
            t.id = id;
            t.input = input;
            t.status = "running";
            t.createdAt = Instant.now();
            em.persist(t);
        });
        Messages.Response answer = provider.create(
                "bench-not-a-secret",
                "2023-06-01",
                new Messages.Request(
                        "claude-sonnet-4-6", 1024, List.of(new Messages.Message("user", input))));
        String output = answer.content() == null || answer.content().isEmpty()
                ? ""
                : answer.content().get(0).text();
        Instant finished = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            FloorTask t = em.find(FloorTask.class, id);
            t.status = "completed";
            t.output = output;
            t.inputTokens = answer.usage().input_tokens();
            t.outputTokens = answer.usage().output_tokens();
            t.finishedAt = finished;
        });
        return Map.of(
                "id", id,
                "status", "completed",
                "output", output,
                "usage", Map.of("inputTokens", answer.usage().input_tokens(), "outputTokens",
                        answer.usage().output_tokens()));
    }
}
