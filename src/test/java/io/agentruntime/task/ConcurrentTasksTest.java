package io.agentruntime.task;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many long provider calls at once, as a replica in a cluster holds them: every provider answer comes
 * after 2 s, far more calls than the default connection pool holds are in flight together, and none of
 * them may be lost to the service itself (issue 13: a third of 100 concurrent streams used to end in
 * {@code error}, their pooled connection closed under them).
 */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
@TestProfile(ConcurrentTasksTest.OwnApplication.class)
class ConcurrentTasksTest {

    /**
     * An application and a stand-in provider of its own: a failure here must not open the shared stand-in's
     * circuit for the task tests that follow.
     */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    private static final int TASKS = 200;
    private static final int DELAY_MILLIS = 2_000;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @TestHTTPResource("/v1/tasks")
    URI tasks;

    @Test
    void twoHundredStreamedTasksOnBothProvidersAllEndInDone() throws Exception {
        String m = Stubs.marker();
        stubSlowStreams(m);

        Map<String, Integer> outcomes = runAll(i -> () -> {
            String agent = i % 2 == 0 ? "gpt-helper" : "sonnet-helper";
            try (SseClient sse = SseClient.post(
                    tasks, "{\"agent\":\"" + agent + "\",\"input\":\"Load " + m + " #" + i + "\"}", Map.of())) {
                if (sse.status() != 200) {
                    return "http " + sse.status();
                }
                List<SseClient.Event> events = sse.rest();
                SseClient.Event last = events.isEmpty() ? null : events.get(events.size() - 1);
                return last == null
                        ? "no events"
                        : last.event() + (last.data().contains("\"completed\"") ? "" : " " + last.data());
            }
        });

        assertThat(outcomes).as(fileDescriptors()).containsExactly(Map.entry("done", TASKS));
    }

    @Test
    void twoHundredBlockingTasksOnBothProvidersAllComplete() throws Exception {
        String m = Stubs.marker();
        wm.stubFor(Stubs.lastMessage(Stubs.OPENAI, m)
                .atPriority(5)
                .willReturn(Stubs.openaiAnswer("Slow and steady.").withFixedDelay(DELAY_MILLIS)));
        Stubs.anthropicAfter(wm, m, "Slow and steady.", DELAY_MILLIS);

        Map<String, Integer> outcomes = runAll(i -> () -> {
            String agent = i % 2 == 0 ? "gpt-helper" : "sonnet-helper";
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(tasks)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofMinutes(2))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"agent\":\"" + agent + "\",\"input\":\"Load " + m + " #" + i + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"completed\"")
                    ? "completed"
                    : "http " + r.statusCode() + " " + r.body();
        });

        assertThat(outcomes).as(fileDescriptors()).containsExactly(Map.entry("completed", TASKS));
    }

    private void stubSlowStreams(String m) {
        wm.stubFor(Stubs.lastMessage(Stubs.OPENAI, m)
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(Stubs.openaiStreamAnswer(List.of("Slow ", "and ", "steady."))
                        .withFixedDelay(DELAY_MILLIS)));
        wm.stubFor(Stubs.lastMessage(Stubs.ANTHROPIC, m)
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(Stubs.anthropicStreamAnswer(List.of("Slow ", "and ", "steady."))
                        .withFixedDelay(DELAY_MILLIS)));
    }

    /** Open and allowed file descriptors of this JVM: each task holds several sockets at once. */
    private static String fileDescriptors() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return "outcomes (file descriptors open " + os.getOpenFileDescriptorCount() + " of "
                    + os.getMaxFileDescriptorCount() + ")";
        }
        return "outcomes";
    }

    /**
     * An outcome without what differs from task to task (ids, numbers), so that one cause of failure is
     * counted once with how often it happened instead of once per task.
     */
    static String kind(String outcome) {
        String s = outcome.replaceAll(
                        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<id>")
                .replaceAll("[0-9]+", "<n>");
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }

    /** Starts all the calls at once and counts how each ended (a failure's text names it). */
    private static Map<String, Integer> runAll(java.util.function.IntFunction<Callable<String>> call) throws Exception {
        Map<String, Integer> outcomes = new TreeMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                futures.add(pool.submit(call.apply(i)));
            }
            for (Future<String> f : futures) {
                String outcome;
                try {
                    outcome = f.get(3, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    outcome = "exception " + e.getCause();
                }
                outcomes.merge(kind(outcome), 1, Integer::sum);
            }
        }
        return outcomes;
    }
}
