package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.config.WithDefault;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The database work a task costs, counted with Hibernate's statistics: a blocking task commits twice
 * (the user message and task before the provider call; the answer, usage and status after it) and
 * triggers nothing more, and an idle replica commits at most once in five seconds.
 */
@QuarkusTest
@TestProfile(TaskCommitCountTest.Counted.class)
@WithTestResource(ProviderWireMock.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaskCommitCountTest {

    /** Statistics on, and the worker's idle poll at its production default rather than the tests' 200 ms. */
    public static class Counted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The cancel check (one commit per interval while any task runs here, whatever their number)
            // is a cost of the replica's time, not of each task: out of the count, as on a loaded machine
            // a task can take longer than its 500 ms.
            return Map.of(
                    "quarkus.hibernate-orm.statistics", "true",
                    "tasks.worker.poll-interval", defaultOf(TasksConfig.Worker.class, "pollInterval"),
                    "tasks.worker.cancel-check-interval", "1h");
        }

        private static String defaultOf(Class<?> mapping, String setting) {
            try {
                return mapping.getDeclaredMethod(setting)
                        .getAnnotation(WithDefault.class)
                        .value();
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final int TASKS = 5;

    /**
     * Per blocking task in a new session (the worker's polls aside): 11 statements, one entity update.
     * Admission: insert the session (its message count already 1), its user message, the task (already
     * running) and the {@code task} event; the session is this transaction's own, so there is no busy task to
     * look for, no lock, no history to read and no second write of it. Finish: lock the task, update it, count
     * the assistant message in the session ({@code UPDATE ... RETURNING}, which takes the row lock), insert the
     * message and the usage row, look for a task queued behind it, insert the events (one batch). Before: 18.0
     * statements and 4 entity updates (busy look, lock, history, and a second write of the session and the
     * task in the admission; a lock then an update of the session in the finish); before that 20.8 and 8
     * (each event row updated again after its insert).
     */
    private static final int MAX_STATEMENTS_PER_TASK = 11;

    /** The task row, once, when it finishes: it is inserted running, and the session is counted in SQL. */
    private static final int MAX_UPDATES_PER_TASK = 1;

    /**
     * Per blocking task that names its agent and continues a session: 14 statements. Admission: lock the
     * session, look for its busy task, insert the task (already running), read the history, insert the user
     * message, update the session (its count, read under the lock), insert the {@code task} event. Finish as
     * for a new session. Before: 16.4 statements in 3.2 commits (the session read in a transaction of its own
     * before the admission, the task inserted queued then updated to running).
     */
    private static final int MAX_STATEMENTS_PER_CONTINUING_TASK = 14;

    /** The session in the admission, the task in the finish. */
    private static final int MAX_UPDATES_PER_CONTINUING_TASK = 2;

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    SessionFactory sessionFactory;

    @ConfigProperty(name = "tasks.worker.poll-interval")
    Duration pollInterval;

    @Test
    @Order(1)
    void aBlockingTaskCommitsTwiceAndTriggersNothingElse() {
        Statistics stats = sessionFactory.getStatistics();
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Counted.");
        runTask(m); // warm-up: first use of each query and of the catalog
        awaitQuiet(stats);

        assertCostPerTask("blocking tasks", () -> runTask(m), MAX_STATEMENTS_PER_TASK, MAX_UPDATES_PER_TASK);
    }

    @Test
    @Order(2)
    void aBlockingTaskContinuingASessionCostsItsLockItsHistoryAndNothingMore() {
        Statistics stats = sessionFactory.getStatistics();
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Continued.");
        String session = runTask(m, null); // warm-up, and the session the tasks continue
        runTask(m, session);
        awaitQuiet(stats);

        assertCostPerTask(
                "blocking tasks in a session",
                () -> runTask(m, session),
                MAX_STATEMENTS_PER_CONTINUING_TASK,
                MAX_UPDATES_PER_CONTINUING_TASK);
    }

    /**
     * Runs {@link #TASKS} tasks and checks what they cost the database, whatever they trigger after their
     * answer included; the worker's periodic look (one commit per poll interval) goes on meanwhile and is
     * allowed for.
     */
    private void assertCostPerTask(String what, Runnable task, int maxStatements, int maxUpdates) {
        Statistics stats = sessionFactory.getStatistics();
        stats.clear();
        long start = System.nanoTime();
        for (int i = 0; i < TASKS; i++) {
            task.run();
        }
        // Whatever a task triggers after its answer (a worker waking up, a queue scan) shows up here.
        awaitQuiet(stats);
        long polls = 1 + Duration.ofNanos(System.nanoTime() - start).toMillis() / pollInterval.toMillis();

        long commits = stats.getSuccessfulTransactionCount();
        long statements = stats.getPrepareStatementCount();
        long updates = stats.getEntityUpdateCount();
        System.out.printf(
                "Per task (%s): %.2f commits, %.2f statements, %.2f entity updates%n",
                what, commits / (double) TASKS, statements / (double) TASKS, updates / (double) TASKS);
        assertThat(commits).as("commits for %d %s", TASKS, what).isLessThanOrEqualTo(2L * TASKS + polls);
        assertThat(statements)
                .as("JDBC statements for %d %s", TASKS, what)
                .isLessThanOrEqualTo((long) maxStatements * TASKS + 2 * polls);
        assertThat(updates).as("entity UPDATEs for %d %s", TASKS, what).isLessThanOrEqualTo((long) maxUpdates * TASKS);
    }

    @Test
    @Order(3)
    void anIdleReplicaCommitsAtMostOnceInFiveSeconds() {
        Statistics stats = sessionFactory.getStatistics();
        awaitQuiet(stats);
        stats.clear();
        // Two commits in ten seconds at most, and held for the whole ten seconds.
        await().during(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(30))
                .until(() -> stats.getTransactionCount() <= 2);
        System.out.printf("Idle: %d commits in 10 s%n", stats.getTransactionCount());
    }

    private static void runTask(String marker) {
        runTask(marker, null);
    }

    /** @return the task's session */
    private static String runTask(String marker, String sessionId) {
        return given().contentType(ContentType.JSON)
                .body("{\"agent\":\"sonnet-helper\",\"input\":\"Count me " + marker + "\""
                        + (sessionId == null ? "" : ",\"sessionId\":\"" + sessionId + "\"") + "}")
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .extract()
                .path("sessionId");
    }

    /** Until no transaction has ended for a second: the work a task set off afterwards is done. */
    private static void awaitQuiet(Statistics stats) {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    long now = stats.getTransactionCount();
                    boolean quiet = now == last[0];
                    last[0] = now;
                    return quiet;
                });
    }
}
