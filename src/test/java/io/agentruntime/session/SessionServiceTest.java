package io.agentruntime.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.common.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionServiceTest {

    @Inject
    SessionService sessions;

    @Test
    void historyKeepsTheNewestMessagesWithinTheMessageBudget() {
        UUID id = conversation(10, 10);
        assertThat(seqs(sessions.history(id, new HistoryBudget(4, 10_000)))).containsExactly(7L, 8L, 9L, 10L);
        // Three would start with the answer 8 whose question 7 was cut: the answer goes too.
        assertThat(seqs(sessions.history(id, new HistoryBudget(3, 10_000)))).containsExactly(9L, 10L);
        assertThat(seqs(sessions.history(id, new HistoryBudget(100, 10_000))))
                .hasSize(10)
                .startsWith(1L)
                .endsWith(10L);
        assertThat(sessions.history(id, new HistoryBudget(0, 10_000))).isEmpty();
    }

    @Test
    void historyKeepsTheNewestMessagesWithinTheCharacterBudget() {
        // Newest first the sizes are 11 (assistant10), 10, 10, 10...: running totals 11, 21, 31, 41, 51.
        UUID id = conversation(10, 10);
        assertThat(seqs(sessions.history(id, new HistoryBudget(100, 41)))).containsExactly(7L, 8L, 9L, 10L);
        assertThat(seqs(sessions.history(id, new HistoryBudget(100, 50)))).containsExactly(7L, 8L, 9L, 10L);
        // 31 fits 40 (messages 8..10) but 8 is an answer whose question was cut.
        assertThat(seqs(sessions.history(id, new HistoryBudget(100, 40)))).containsExactly(9L, 10L);
        assertThat(seqs(sessions.history(id, new HistoryBudget(100, 30)))).containsExactly(9L, 10L);
        // Both budgets: the tighter one wins.
        assertThat(seqs(sessions.history(id, new HistoryBudget(2, 41)))).containsExactly(9L, 10L);
        List<MessageView> oldestFirst = sessions.history(id, new HistoryBudget(100, 21));
        assertThat(oldestFirst).extracting(MessageView::content).containsExactly("user-9....", "assistant10");
        // Only the newest answer fits, without its question: nothing is sent.
        assertThat(sessions.history(id, new HistoryBudget(100, 20))).isEmpty();
        assertThat(sessions.history(id, new HistoryBudget(100, 10))).isEmpty();
    }

    @Test
    void historyKeepsAnAnswerThatOpensTheSession() {
        UUID id = newSession();
        sessions.append(id, new NewMessage("assistant", "Hello, how can I help?", "m", null, null, null));
        sessions.append(id, new NewMessage("user", "Review this", null, null, null, null));
        assertThat(seqs(sessions.history(id, new HistoryBudget(10, 1_000)))).containsExactly(1L, 2L);
        assertThatThrownBy(() -> sessions.history(UUID.randomUUID(), new HistoryBudget(10, 10)))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void concurrentAppendsGetDistinctGapFreeSequenceNumbers() throws Exception {
        UUID id = newSession();
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<MessageView>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String content = "message " + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return sessions.append(id, new NewMessage("user", content, null, null, null, null));
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            List<Long> seqs = new ArrayList<>();
            for (Future<MessageView> f : futures) {
                seqs.add(f.get(30, TimeUnit.SECONDS).seq());
            }
            System.out.printf("%d concurrent appends took %d ms%n", threads, (System.nanoTime() - began) / 1_000_000);
            assertThat(seqs)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, threads)
                            .boxed()
                            .toList());
        } finally {
            pool.shutdownNow();
        }
        assertThat(sessions.find(id).orElseThrow().messageCount()).isEqualTo(threads);
        assertThat(sessions.messages(id, null, 100).items())
                .extracting(MessageView::seq)
                .isSorted()
                .hasSize(threads);
    }

    @Test
    void appendJoinsTheCallersTransaction() {
        UUID id = newSession();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                    sessions.append(id, new NewMessage("user", "rolled back", null, null, null, null));
                    throw new IllegalStateException("caller fails after the append");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(sessions.find(id).orElseThrow().messageCount()).isZero();
        assertThat(sessions.messages(id, null, 10).items()).isEmpty();
    }

    @Test
    void appendCountsFromTheDatabaseEvenAfterAnEarlierReadInTheTransaction() {
        UUID id = newSession();
        MessageView mine = QuarkusTransaction.requiringNew().call(() -> {
            assertThat(sessions.find(id).orElseThrow().messageCount()).isZero();
            // Another transaction appends after this one has read the session.
            CompletableFuture.runAsync(
                            () -> sessions.append(id, new NewMessage("user", "other", null, null, null, null)))
                    .join();
            return sessions.append(id, new NewMessage("user", "mine", null, null, null, null));
        });
        assertThat(mine.seq()).isEqualTo(2);
    }

    @Test
    void lockHoldsOtherAppendsUntilTheTransactionEnds() throws Exception {
        UUID id = newSession();
        assertThatThrownBy(() -> sessions.lock(id)).isInstanceOf(TransactionalException.class);

        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew()
                .run(() -> {
                    assertThat(sessions.lock(id).id()).isEqualTo(id);
                    locked.countDown();
                    await(release);
                }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<MessageView> append = CompletableFuture.supplyAsync(
                () -> sessions.append(id, new NewMessage("user", "waits", null, null, null, null)));
        assertThatThrownBy(() -> append.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(append.get(10, TimeUnit.SECONDS).seq()).isEqualTo(1);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> sessions.lock(UUID.randomUUID())))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
    }

    @Test
    void appendRefusesBadMessagesAndUnknownSessions() {
        UUID id = newSession();
        assertThatThrownBy(() -> sessions.append(id, new NewMessage("system", "x", null, null, null, null)))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("role"));
        assertThatThrownBy(() -> sessions.append(id, new NewMessage("user", null, null, null, null, null)))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(
                        () -> sessions.append(UUID.randomUUID(), new NewMessage("user", "x", null, null, null, null)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
        assertThat(sessions.find(id).orElseThrow().messageCount()).isZero();
    }

    @Test
    void serviceLevelDefaultsAndFilters() {
        String agent = "svc-" + UUID.randomUUID();
        SessionView mine = sessions.create(new NewSession(agent, null, null));
        SessionView theirs = sessions.create(new NewSession(agent, null, Map.of("k", "v")));
        // Outside a request (the server's own work) the creator is the system, not a caller.
        assertThat(mine.owner()).isEqualTo("system");
        assertThat(mine.metadata()).isEmpty();
        assertThat(sessions.list(agent, Map.of("k", "v"), null, 10).items())
                .extracting(SessionView::id)
                .containsExactly(theirs.id());
        assertThat(sessions.list(agent, null, null, 10).items())
                .extracting(SessionView::id)
                .containsExactly(theirs.id(), mine.id());
        assertThat(sessions.find(theirs.id())).contains(theirs);
        assertThat(sessions.delete(UUID.randomUUID())).isFalse();
        assertThat(sessions.delete(mine.id())).isTrue();
        assertThat(sessions.find(mine.id())).isEmpty();
    }

    /** A session of {@code count} alternating user/assistant messages, padded to {@code size} characters. */
    private UUID conversation(int count, int size) {
        UUID id = newSession();
        for (int seq = 1; seq <= count; seq++) {
            boolean user = seq % 2 == 1;
            String label = (user ? "user-" : "assistant") + seq;
            String content = label.length() >= size ? label : label + ".".repeat(size - label.length());
            sessions.append(id, new NewMessage(user ? "user" : "assistant", content, null, null, null, null));
        }
        return id;
    }

    private UUID newSession() {
        return sessions.create(new NewSession("svc-" + UUID.randomUUID(), null, null))
                .id();
    }

    private static List<Long> seqs(List<MessageView> messages) {
        return messages.stream().map(MessageView::seq).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
