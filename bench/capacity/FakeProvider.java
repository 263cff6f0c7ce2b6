import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.LocalTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in OpenAI-compatible provider for the capacity bench: every POST /v1/chat/completions is
 * answered after DELAY_MS (default 2000) with a short streamed answer (or a JSON one without stream),
 * shaped like OpenAI's documented chunks. Built on Vert.x (the jars of the packaged application, see
 * capacity.sh) with a deep accept queue and no thread held while it waits, so thousands of open calls
 * cost it nothing: a JDK HttpServer, used before, accepted and parsed every request on one dispatcher
 * thread and was itself the limit at 1,000 calls at once.
 *   java -cp VERTX_AND_NETTY_JARS FakeProvider.java PORT [DELAY_MS]
 */
public class FakeProvider {

    static final String HEAD = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",";

    /** Counters printed every second: what the stand-in saw (a connection closed under an unanswered call). */
    static final AtomicLong OPEN = new AtomicLong();
    static final AtomicLong CLOSED = new AtomicLong();
    static final AtomicLong RECEIVED = new AtomicLong();
    static final AtomicLong ANSWERED = new AtomicLong();
    static final AtomicLong LOST = new AtomicLong();

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 2000;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        vertx.setPeriodic(1000, t -> {
            if (RECEIVED.get() > 0) {
                System.out.printf("%s open=%d closed=%d received=%d answered=%d closedBeforeAnswer=%d%n",
                        LocalTime.now(), OPEN.get(), CLOSED.get(), RECEIVED.get(), ANSWERED.get(), LOST.get());
            }
        });
        vertx.createHttpServer(new HttpServerOptions().setAcceptBacklog(16384).setIdleTimeout(0))
                .connectionHandler(conn -> {
                    OPEN.incrementAndGet();
                    conn.closeHandler(v -> {
                        OPEN.decrementAndGet();
                        CLOSED.incrementAndGet();
                    });
                })
                .requestHandler(req -> answer(vertx, req, delay))
                .listen(port, "127.0.0.1")
                .onSuccess(s -> System.out.println("fake provider on " + port + ", answering after " + delay + " ms"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    static void answer(Vertx vertx, HttpServerRequest req, long delay) {
        if (!req.path().endsWith("/chat/completions")) {
            req.response().setStatusCode(404).end();
            return;
        }
        RECEIVED.incrementAndGet();
        // A connection closed under a call not yet answered was closed by the client: this side never
        // closes one (no idle timeout).
        req.response().closeHandler(v -> {
            if (!req.response().ended()) {
                LOST.incrementAndGet();
            }
        });
        req.body().onSuccess(buf -> vertx.setTimer(delay, t -> {
            if (req.response().closed()) {
                return;
            }
            ANSWERED.incrementAndGet();
            boolean stream = buf.toString().replace(" ", "").contains("\"stream\":true");
            req.response()
                    .putHeader("Content-Type", stream ? "text/event-stream" : "application/json")
                    .putHeader("x-request-id", "req_bench")
                    .end(stream ? chunks() : completion());
        }));
    }

    static String chunks() {
        StringBuilder sb = new StringBuilder();
        sb.append("data: ").append(HEAD).append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        for (String part : new String[] {"Slow ", "and ", "steady."}) {
            sb.append("data: ").append(HEAD).append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(part)
                    .append("\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        }
        sb.append("data: ").append(HEAD).append("\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
        sb.append("data: ").append(HEAD).append("\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}\n\n");
        sb.append("data: [DONE]\n\n");
        return sb.toString();
    }

    static String completion() {
        return "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Slow and steady.\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}";
    }
}
