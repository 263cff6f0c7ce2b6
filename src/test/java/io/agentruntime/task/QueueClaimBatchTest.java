package io.agentruntime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.session.NewSession;
import io.agentruntime.session.SessionService;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The worker fills its free slots from a backlog in batches (issue 10: one claim per transaction left a burst
 * draining with 11 of 32 slots busy), and a batch still holds one task per session.
 */
@QuarkusTest
@WithTestResource(ProviderWireMock.class)
@TestProfile(QueueClaimBatchTest.EightSlots.class)
class QueueClaimBatchTest {

    static final int CONCURRENCY = 8;

    public static class EightSlots implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tasks.worker.concurrency", String.valueOf(CONCURRENCY));
        }
    }

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    @Inject
    SessionService sessions;

    @Inject
    EntityManager em;

    @Test
    void fortyQueuedTasksFillEverySlotInOneClaimWithoutGoingOver() {
        String m = Stubs.marker();
        slowAnswers(m, 4_000);
        // Queued in one transaction, as a burst leaves them: the worker's next look finds all forty.
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 40; i++) {
                insertQueued(UUID.randomUUID(), newSession(), "Load " + m + " #" + i, i);
            }
        });

        AtomicLong most = new AtomicLong();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    long now = running(m);
                    most.accumulateAndGet(now, Math::max);
                    return now == CONCURRENCY;
                });
        // A row's xmin is the transaction that last wrote it: one for all eight, one claim took them all.
        assertThat(claimTransactions(m))
                .as("transactions that claimed the running tasks")
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    most.accumulateAndGet(running(m), Math::max);
                    return count(m, "completed") == 40;
                });
        assertThat(most.get()).as("running at once, at most").isEqualTo(CONCURRENCY);
    }

    @Test
    void twoQueuedTasksOfOneSessionAreNeverClaimedTogether() {
        String m = Stubs.marker();
        slowAnswers(m, 1_000);
        UUID shared = newSession();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        // Queued in one transaction, so that the worker finds them all in one look and could claim them in one batch.
        QuarkusTransaction.requiringNew().run(() -> {
            insertQueued(first, shared, "First " + m, 0);
            insertQueued(second, shared, "Second " + m, 1);
            for (int i = 0; i < 4; i++) {
                insertQueued(UUID.randomUUID(), newSession(), "Other " + m + " #" + i, 2 + i);
            }
        });

        AtomicLong together = new AtomicLong();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (runningOf(shared) > 1) {
                        together.incrementAndGet();
                    }
                    return count(m, "completed") == 6;
                });
        assertThat(together.get())
                .as("looks that saw both tasks of the session running")
                .isZero();
        assertThat(secondStartedAfterFirstEnded(first, second))
                .as("the second task of the session started after the first ended")
                .isTrue();
    }

    private void slowAnswers(String m, int delayMillis) {
        wm.stubFor(Stubs.lastMessage(Stubs.ANTHROPIC, m)
                .atPriority(1)
                .willReturn(Stubs.anthropicStreamAnswer(List.of("slow")).withFixedDelay(delayMillis)));
    }

    private UUID newSession() {
        return sessions.create(new NewSession("sonnet-helper", "test", null)).id();
    }

    private void insertQueued(UUID task, UUID session, String input, int secondsLater) {
        em.createNativeQuery("""
                INSERT INTO tasks (id, session_id, agent, model, provider, status, mode, input, tenant, created_by,
                                   attempts, created_at)
                VALUES (:id, :session, 'sonnet-helper', 'claude-sonnet-4-6', 'anthropic', 'queued', 'background',
                        :input, 'default', 'anonymous', 0, now() - interval '1 minute' + make_interval(secs => :later))
                """)
                .setParameter("id", task)
                .setParameter("session", session)
                .setParameter("input", input)
                .setParameter("later", secondsLater)
                .executeUpdate();
    }

    private long running(String m) {
        return count(m, "running");
    }

    private long count(String m, String status) {
        return number(
                "SELECT count(*) FROM tasks WHERE status = :status AND input LIKE :like",
                Map.of("status", status, "like", "%" + m + "%"));
    }

    private long claimTransactions(String m) {
        return number(
                "SELECT count(DISTINCT xmin::text) FROM tasks WHERE status = 'running' AND input LIKE :like",
                Map.of("like", "%" + m + "%"));
    }

    private long runningOf(UUID session) {
        return number(
                "SELECT count(*) FROM tasks WHERE status = 'running' AND session_id = :session",
                Map.of("session", session));
    }

    private long number(String sql, Map<String, Object> params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            params.forEach(query::setParameter);
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    private boolean secondStartedAfterFirstEnded(UUID first, UUID second) {
        return QuarkusTransaction.requiringNew().call(() -> (Boolean) em.createNativeQuery("""
                        SELECT (SELECT started_at FROM tasks WHERE id = :second)
                            >= (SELECT finished_at FROM tasks WHERE id = :first)
                        """)
                .setParameter("first", first)
                .setParameter("second", second)
                .getSingleResult());
    }
}
