package io.agentruntime.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The latency the service adds to a blocking task: the client's round trip minus the time the task
 * spent waiting on its provider (WireMock answering after a fixed delay), sequentially and with
 * concurrent callers. Not part of the test suite (the name does not end in Test): run it with
 * {@code bench/task-overhead.sh}, which writes bench/results/task-overhead.md.
 */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
class TaskOverheadBench {

    private static final int DELAY_MS = Integer.getInteger("bench.delay-ms", 200);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 40);
    private static final int SEQUENTIAL = Integer.getInteger("bench.sequential", 200);
    private static final int CONCURRENT = Integer.getInteger("bench.concurrent", 400);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @TestHTTPResource("/v1/tasks")
    URI tasks;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** One task as measured: the client's round trip and what the task recorded. */
    record Sample(double roundTripMs, long durationMs, long providerMs) {
        double overheadMs() {
            return roundTripMs - providerMs;
        }
    }

    @Test
    void measure() throws Exception {
        String m = Stubs.marker();
        Stubs.anthropicAfter(wm, m, "ok", DELAY_MS);

        String loadBefore = load();
        run(m, WARMUP, 4);
        List<Sample> sequential = run(m, SEQUENTIAL, 1);
        long t0 = System.nanoTime();
        List<Sample> concurrent = run(m, CONCURRENT, CONCURRENCY);
        double concurrentSeconds = (System.nanoTime() - t0) / 1e9;

        String report = report(sequential, concurrent, concurrentSeconds, loadBefore + " before, " + load() + " after");
        Path out = Path.of(System.getProperty("bench.out", "bench/results/task-overhead.md"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private List<Sample> run(String marker, int n, int threads) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Sample>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> one(marker + " " + k)));
            }
            List<Sample> samples = new ArrayList<>();
            for (Future<Sample> f : futures) {
                samples.add(f.get());
            }
            return samples;
        }
    }

    /** A plain JDK client: the caller's own cost stays small next to the service's on a small machine. */
    private Sample one(String input) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(tasks)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"agent\":\"sonnet-helper\",\"input\":\"" + input + "\"}"))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        double rtt = (System.nanoTime() - start) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Task failed: " + r.statusCode() + " " + r.body());
        }
        JsonNode task = json.readTree(r.body());
        return new Sample(
                rtt, task.get("durationMs").asLong(), task.get("providerMs").asLong());
    }

    private String report(List<Sample> sequential, List<Sample> concurrent, double concurrentSeconds, String load)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Latency the service adds to a task\n\n");
        sb.append("Measured ")
                .append(ZonedDateTime.now(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                        .substring(0, 16))
                .append(" UTC by `bench/task-overhead.sh` (`TaskOverheadBench`).\n\n");
        sb.append("## Machine\n\n");
        sb.append("- CPU: ")
                .append(cpu())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores visible; load average (1 min) ")
                .append(load)
                .append('\n');
        sb.append("- Memory: ").append(memory()).append('\n');
        sb.append("- Java: ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.version"))
                .append(", heap max ")
                .append(Runtime.getRuntime().maxMemory() / (1024 * 1024))
                .append(" MiB\n");
        sb.append("- Database: embedded PostgreSQL on the same machine; provider: WireMock on localhost answering "
                        + "Anthropic Messages after a fixed ")
                .append(DELAY_MS)
                .append(" ms\n");
        sb.append("- Service: the `test` profile in-process (`@QuarkusTest`), tasks blocking (`POST /v1/tasks`), "
                + "each in a new session (so each task creates a session, commits the user message, the task row, the "
                + "answer and its events: two transactions)\n\n");
        sb.append("## Results\n\n");
        sb.append(
                "Overhead = the client's round trip minus the task's `providerMs` (time waiting on the provider, as "
                        + "recorded by the model gateway). `durationMs - providerMs` is the part inside the task (from its start to "
                        + "its commit); the rest is HTTP, validation, agent and model resolution and the first transaction.\n\n");
        sb.append(
                "| run | tasks | callers | overhead p50 | overhead p99 | in-task p50 | in-task p99 | round trip p50 | throughput |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        row(sb, "sequential", sequential, 1, null);
        row(sb, "concurrent", concurrent, CONCURRENCY, concurrent.size() / concurrentSeconds);
        sb.append("\nFixed provider delay ")
                .append(DELAY_MS)
                .append(" ms; warm-up of ")
                .append(WARMUP)
                .append(" tasks not counted. Times in milliseconds.\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, List<Sample> samples, int callers, Double throughput) {
        List<Double> overhead = sorted(samples.stream().map(Sample::overheadMs).toList());
        List<Double> inTask = sorted(samples.stream()
                .map(s -> (double) (s.durationMs() - s.providerMs()))
                .toList());
        List<Double> rtt = sorted(samples.stream().map(Sample::roundTripMs).toList());
        sb.append("| ")
                .append(name)
                .append(" | ")
                .append(samples.size())
                .append(" | ")
                .append(callers)
                .append(" | ")
                .append(fmt(pct(overhead, 50)))
                .append(" | ")
                .append(fmt(pct(overhead, 99)))
                .append(" | ")
                .append(fmt(pct(inTask, 50)))
                .append(" | ")
                .append(fmt(pct(inTask, 99)))
                .append(" | ")
                .append(fmt(pct(rtt, 50)))
                .append(" | ")
                .append(throughput == null ? "-" : String.format("%.1f tasks/s", throughput))
                .append(" |\n");
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    /** Nearest-rank percentile. */
    private static double pct(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String fmt(double ms) {
        return String.format("%.1f", ms);
    }

    private static String cpu() throws IOException {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.exists(info)) {
            for (String line : Files.readAllLines(info)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        }
        return System.getProperty("os.arch");
    }

    private static String load() throws IOException {
        Path avg = Path.of("/proc/loadavg");
        return Files.exists(avg) ? Files.readString(avg).split(" ")[0] : "unknown";
    }

    private static String memory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return (os.getTotalMemorySize() / (1024 * 1024 * 1024)) + " GiB";
        }
        return "unknown";
    }
}
