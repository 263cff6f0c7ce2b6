package io.agentruntime.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.common.db.Sql;
import io.agentruntime.testing.ProviderWireMock;
import io.agentruntime.testing.TransactionCounter;
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
 * The database work a task costs: a blocking task commits twice (the user message and task before the provider
 * call; the answer, usage and status after it) and triggers nothing more, and an idle replica commits at most
 * once in five seconds. Commits are the transactions the service ends (connections back in the pool, {@link TransactionCounter}), statements
 * those of Hibernate's statistics and of the plain-SQL writes ({@link Sql#statements()}), round trips Hibernate's
 * statements and the plain-SQL ones ({@link Sql#roundTrips()}: writes held back in a {@code WriteGroup} share one).
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
            // The cancel check and the lease renewal (each one commit per interval while any task runs here,
            // whatever their number: every 500 ms and every 10 s by default) are a cost of the replica's time,
            // not of each task: out of the count. A renewal tick that fell while one of the five tasks ran
            // added a commit now and then (12 for 5 tasks continuing a session, against 11 allowed).
            return Map.of(
                    "quarkus.hibernate-orm.statistics", "true",
                    "tasks.worker.poll-interval", defaultOf(TasksConfig.Worker.class, "pollInterval"),
                    "tasks.worker.cancel-check-interval", "1h",
                    "tasks.worker.lease", "3h");
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
     * Per blocking task in a new session (the worker's polls aside): 7 statements, no entity update.
     * Admission: insert the session with its user message (one statement; its message count already 1), the
     * task (already running) and the {@code task} event; the session is this transaction's own, so there is
     * no busy task to look for, no lock, no history to read and no second write of it. Finish: one statement
     * ends the task under its lease (and wakes the replicas when a task of the session is queued behind it),
     * one counts the assistant message in the session and inserts it ({@code UPDATE ... RETURNING} under the
     * row lock, feeding the insert), then the usage row and the events (one multi-row insert). Before: 11 (session and
     * message apart, the task locked, then updated by Hibernate, then a look for a queued task), before that
     * 18.0 and 20.8.
     */
    private static final int MAX_STATEMENTS_PER_TASK = 7;

    /**
     * Round trips to the database per blocking task in a new session, the two commits apart: 3. The admission's
     * three writes go together (one round trip); the finish ends the task (one), then sends the usage row and
     * the events with the assistant message (one). Before: 7, one per statement.
     */
    private static final int MAX_TRIPS_PER_TASK = 3;

    /** Hibernate's entity UPDATEs: none; the task is inserted running and ended in plain SQL. */
    private static final int MAX_UPDATES_PER_TASK = 0;

    /**
     * Per blocking task that names its agent and continues a session: 11 statements. Admission: lock the
     * session, look for its busy task, insert the task (already running), read the history, insert the user
     * message, update the session (its count, read under the lock), insert the {@code task} event. Finish as
     * for a new session. Before: 14, and 16.4 statements in 3.2 commits before that.
     */
    private static final int MAX_STATEMENTS_PER_CONTINUING_TASK = 11;

    /**
     * Round trips per blocking task continuing a session, commits apart: 8. Admission: the session's lock, the
     * look for its busy task, the history, Hibernate's flush of the user message and the session's count (two),
     * then the task and its {@code task} event together; the finish as for a new session. Before: 11.
     */
    private static final int MAX_TRIPS_PER_CONTINUING_TASK = 8;

    /** The session in the admission. */
    private static final int MAX_UPDATES_PER_CONTINUING_TASK = 1;

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    Sql sql;

    @Inject
    TransactionCounter transactions;

    @ConfigProperty(name = "tasks.worker.poll-interval")
    Duration pollInterval;

    @Test
    @Order(1)
    void aBlockingTaskCommitsTwiceAndTriggersNothingElse() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Counted.");
        runTask(m); // warm-up: first use of each query and of the catalog
        awaitQuiet();

        assertCostPerTask(
                "blocking tasks", () -> runTask(m), MAX_STATEMENTS_PER_TASK, MAX_TRIPS_PER_TASK, MAX_UPDATES_PER_TASK);
    }

    @Test
    @Order(2)
    void aBlockingTaskContinuingASessionCostsItsLockItsHistoryAndNothingMore() {
        String m = Stubs.marker();
        Stubs.anthropic(wm, m, "Continued.");
        String session = runTask(m, null); // warm-up, and the session the tasks continue
        runTask(m, session);
        awaitQuiet();

        assertCostPerTask(
                "blocking tasks in a session",
                () -> runTask(m, session),
                MAX_STATEMENTS_PER_CONTINUING_TASK,
                MAX_TRIPS_PER_CONTINUING_TASK,
                MAX_UPDATES_PER_CONTINUING_TASK);
    }

    /**
     * Runs {@link #TASKS} tasks and checks what they cost the database, whatever they trigger after their
     * answer included; the worker's periodic look (one commit per poll interval) goes on meanwhile and is
     * allowed for.
     */
    private void assertCostPerTask(String what, Runnable task, int maxStatements, int maxTrips, int maxUpdates) {
        Statistics stats = sessionFactory.getStatistics();
        stats.clear();
        long commitsBefore = commits();
        long sqlBefore = sql.statements();
        long tripsBefore = sql.roundTrips();
        long start = System.nanoTime();
        for (int i = 0; i < TASKS; i++) {
            task.run();
        }
        // Whatever a task triggers after its answer (a worker waking up, a queue scan) shows up here.
        awaitQuiet();
        long polls = 1 + Duration.ofNanos(System.nanoTime() - start).toMillis() / pollInterval.toMillis();

        long commits = commits() - commitsBefore;
        long statements = stats.getPrepareStatementCount() + sql.statements() - sqlBefore;
        long updates = stats.getEntityUpdateCount();
        // Each Hibernate statement is a round trip of its own; held-back plain-SQL writes share one.
        long trips = stats.getPrepareStatementCount() + sql.roundTrips() - tripsBefore;
        System.out.printf(
                "Per task (%s): %.2f commits, %.2f statements, %.2f round trips, %.2f entity updates%n",
                what,
                commits / (double) TASKS,
                statements / (double) TASKS,
                trips / (double) TASKS,
                updates / (double) TASKS);
        assertThat(commits).as("commits for %d %s", TASKS, what).isLessThanOrEqualTo(2L * TASKS + polls);
        assertThat(statements)
                .as("JDBC statements for %d %s", TASKS, what)
                .isLessThanOrEqualTo((long) maxStatements * TASKS + 2 * polls);
        assertThat(trips)
                .as("round trips for %d %s (commits apart)", TASKS, what)
                .isLessThanOrEqualTo((long) maxTrips * TASKS + 2 * polls);
        assertThat(updates).as("entity UPDATEs for %d %s", TASKS, what).isLessThanOrEqualTo((long) maxUpdates * TASKS);
    }

    @Test
    @Order(3)
    void anIdleReplicaCommitsAtMostOnceInFiveSeconds() {
        awaitQuiet();
        long before = commits();
        // Two commits in ten seconds at most, and held for the whole ten seconds.
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30)).until(() -> commits() - before <= 2);
        System.out.printf("Idle: %d commits in 10 s%n", commits() - before);
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
    private void awaitQuiet() {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    long now = commits();
                    boolean quiet = now == last[0];
                    last[0] = now;
                    return quiet;
                });
    }

    private long commits() {
        return transactions.ended();
    }
}
