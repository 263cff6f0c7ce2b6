import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Submits N background tasks (POST /v1/tasks with Prefer: respond-async) as one burst: every submission
 * is started at once on its own virtual thread, at most SENDERS of them on the wire together (a client's
 * connection pool; the operating system's open-file limit is the only reason for the cap). Prints one
 * line: n, accepted (202), the other answers by status, and how long the burst took to be accepted.
 * The queue's draining is watched from the database by backlog.sh.
 *   java Backlog.java BASE_URL N AGENT [SENDERS]
 */
public class Backlog {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int n = Integer.parseInt(args[1]);
        String agent = args[2];
        int senders = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        // HTTP/1.1, as a cluster's clients and proxies speak it (the JDK client would upgrade to h2c and
        // multiplex every submission over one connection, on one of the server's event loops).
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(60))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        Semaphore wire = new Semaphore(senders);
        long t0 = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int id = i;
                pool.submit(() -> {
                    wire.acquire();
                    try {
                        answers.merge(submit(http, base, agent, id), 1, Integer::sum);
                    } finally {
                        wire.release();
                    }
                    return null;
                });
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int accepted = answers.getOrDefault("202", 0);
        System.out.printf("n=%d accepted=%d refused=%d burst_ms=%d answers=%s%n",
                n, accepted, n - accepted, ms, new TreeMap<>(answers));
    }

    static String submit(HttpClient http, String base, String agent, int id) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/tasks"))
                    .header("Content-Type", "application/json")
                    .header("Prefer", "respond-async")
                    .timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"agent\":\"" + agent + "\",\"input\":\"Backlog bench #" + id + "\"}"))
                    .build();
            return String.valueOf(http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (Exception e) {
            return "exception " + e.getClass().getSimpleName();
        }
    }
}
