import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fires N streamed tasks at once (POST /v1/tasks, Accept: text/event-stream) and reads each stream to
 * its last event. Prints one line: N, done, errors (by how they ended), p50/p99/max latency in ms.
 *   java LoadGen.java BASE_URL N AGENT
 */
public class LoadGen {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int n = Integer.parseInt(args[1]);
        String agent = args.length > 2 ? args[2] : "gpt-helper";
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(60))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                all.add(pool.submit(() -> {
                    start.await();
                    long t0 = System.nanoTime();
                    String outcome = one(http, base, agent, id);
                    latencies.add((System.nanoTime() - t0) / 1_000_000);
                    outcomes.merge(outcome, 1, Integer::sum);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : all) {
                f.get();
            }
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int done = outcomes.getOrDefault("done", 0);
        System.out.printf("n=%d done=%d errors=%d p50=%d p99=%d max=%d outcomes=%s%n",
                n, done, n - done, pct(sorted, 50), pct(sorted, 99), sorted.get(sorted.size() - 1), new TreeMap<>(outcomes));
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** How the stream ended: "done" for a completed task, else the last event or the HTTP status. */
    static String one(HttpClient http, String base, String agent, int id) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/tasks"))
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .timeout(Duration.ofMinutes(10))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"agent\":\"" + agent + "\",\"input\":\"Capacity bench #" + id + "\"}"))
                    .build();
            HttpResponse<java.io.InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                r.body().close();
                return "http " + r.statusCode();
            }
            String event = null;
            String lastEvent = null;
            String lastData = "";
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:") && event != null) {
                        lastEvent = event;
                        lastData = line;
                    }
                }
            }
            if ("done".equals(lastEvent) && lastData.contains("\"completed\"")) {
                return "done";
            }
            return lastEvent == null ? "no events" : lastEvent + " " + kind(lastData);
        } catch (Exception e) {
            return "exception " + e.getClass().getSimpleName();
        }
    }

    static String kind(String data) {
        int i = data.indexOf("\"kind\":\"");
        if (i < 0) {
            int s = data.indexOf("\"status\":");
            return s < 0 ? "" : data.substring(s, Math.min(data.length(), s + 14));
        }
        return data.substring(i + 8, data.indexOf('"', i + 8));
    }
}
