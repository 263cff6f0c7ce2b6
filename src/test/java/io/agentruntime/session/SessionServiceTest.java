package io.agentruntime.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentruntime.auth.AuthMethod;
import io.agentruntime.auth.Caller;
import io.agentruntime.auth.Roles;
import io.agentruntime.auth.TenantScope;
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

    @Inject
    TenantScope scope;

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
    void createWithWritesTheSessionAndItsFirstMessageAsTheyAreAnswered() {
        UUID task = UUID.randomUUID();
        Map<String, Object> metadata = Map.of("k", "v", "nested", Map.of("n", 1));
        SessionView created = QuarkusTransaction.requiringNew()
                .call(() -> sessions.createWith(
                        new NewSession("svc-" + UUID.randomUUID(), "A title", metadata),
                        new NewMessage("user", "First question", null, null, null, task)));
        assertThat(created.messageCount()).isEqualTo(1);
        assertThat(created.owner()).isEqualTo("system");
        assertThat(created.metadata()).isEqualTo(metadata);
        assertThat(created.createdAt()).isEqualTo(created.updatedAt());
        // Read back after the commit, the rows are exactly what was answered (times to the microsecond).
        assertThat(sessions.find(created.id())).contains(created);
        MessageView first = sessions.messages(created.id(), null, 10).items().getFirst();
        assertThat(first)
                .isEqualTo(new MessageView(
                        first.id(),
                        created.id(),
                        1,
                        "user",
                        "First question",
                        null,
                        null,
                        null,
                        task,
                        created.createdAt()));
        assertThat(sessions.list(created.agent(), Map.of("k", "v"), null, 10).items())
                .containsExactly(created);
    }

    @Test
    void createWithNeedsATransactionAndChecksWhatItWrites() {
        NewSession session = new NewSession("svc-" + UUID.randomUUID(), null, null);
        NewMessage message = new NewMessage("user", "x", null, null, null, null);
        assertThatThrownBy(() -> sessions.createWith(session, message)).isInstanceOf(TransactionalException.class);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                        .run(() -> sessions.createWith(session, new NewMessage("system", "x", null, null, null, null))))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("role"));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                        .run(() -> sessions.createWith(new NewSession(" ", null, null), message)))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("agent"));
        Map<String, Object> tooMany = new java.util.HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            tooMany.put("k" + i, i);
        }
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                        .run(() -> sessions.createWith(new NewSession(session.agent(), null, tooMany), message)))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("metadata"));
        assertThat(sessions.list(session.agent(), null, null, 10).items()).isEmpty();
    }

    @Test
    void appendAnswersWhatItStored() {
        UUID id = newSession();
        UUID task = UUID.randomUUID();
        MessageView appended = sessions.append(id, new NewMessage("assistant", "An answer", "model-x", 3L, 4L, task));
        assertThat(appended.seq()).isEqualTo(1);
        assertThat(sessions.messages(id, null, 10).items()).containsExactly(appended);
        SessionView session = sessions.find(id).orElseThrow();
        assertThat(session.messageCount()).isEqualTo(1);
        assertThat(session.updatedAt()).isEqualTo(appended.createdAt());
    }

    @Test
    void appendsCountRightWhicheverWayTheSessionWasWrittenEarlierInTheTransaction() {
        UUID id = QuarkusTransaction.requiringNew().call(() -> {
            // Written in plain SQL: not held by Hibernate, so the appends are plain SQL too.
            SessionView created = sessions.createWith(
                    new NewSession("svc-" + UUID.randomUUID(), null, null),
                    new NewMessage("user", "one", null, null, null, null));
            assertThat(sessions.append(created.id(), new NewMessage("assistant", "two", null, null, null, null))
                            .seq())
                    .isEqualTo(2);
            // Read through Hibernate now (after the statements): it sees them, and counts on from there.
            assertThat(sessions.lock(created.id()).messageCount()).isEqualTo(2);
            assertThat(sessions.append(created.id(), new NewMessage("user", "three", null, null, null, null))
                            .seq())
                    .isEqualTo(3);
            assertThat(sessions.find(created.id()).orElseThrow().messageCount()).isEqualTo(3);
            return created.id();
        });
        assertThat(sessions.find(id).orElseThrow().messageCount()).isEqualTo(3);
        assertThat(sessions.messages(id, null, 10).items())
                .extracting(MessageView::seq, MessageView::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "one"),
                        org.assertj.core.groups.Tuple.tuple(2L, "two"),
                        org.assertj.core.groups.Tuple.tuple(3L, "three"));

        // A session persisted as an entity in the transaction is counted on the entity.
        UUID entity = QuarkusTransaction.requiringNew().call(() -> {
            SessionView created = sessions.create(new NewSession("svc-" + UUID.randomUUID(), null, null));
            sessions.append(created.id(), new NewMessage("user", "one", null, null, null, null));
            sessions.append(created.id(), new NewMessage("assistant", "two", null, null, null, null));
            assertThat(sessions.find(created.id()).orElseThrow().messageCount()).isEqualTo(2);
            return created.id();
        });
        assertThat(sessions.find(entity).orElseThrow().messageCount()).isEqualTo(2);
        assertThat(sessions.messages(entity, null, 10).items())
                .extracting(MessageView::seq)
                .containsExactly(1L, 2L);
    }

    @Test
    void appendFindsOnlyTheCallersTenantsSessions() throws Exception {
        UUID id = newSession(); // the default tenant's
        Caller other = new Caller("another-tenant", "someone", Roles.of(Roles.CALLER), AuthMethod.API_KEY);
        assertThatThrownBy(() -> scope.runAs(
                        other, () -> sessions.append(id, new NewMessage("user", "x", null, null, null, null))))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
        assertThat(sessions.find(id).orElseThrow().messageCount()).isZero();
        // The tenant's own session: created and appended to in its scope, by its caller.
        SessionView theirs = scope.runAs(
                other,
                () -> QuarkusTransaction.requiringNew()
                        .call(() -> sessions.createWith(
                                new NewSession("svc-" + UUID.randomUUID(), null, null),
                                new NewMessage("user", "mine", null, null, null, null))));
        assertThat(theirs.owner()).isEqualTo("someone");
        assertThat(scope.runAs(
                                other,
                                () -> sessions.append(
                                        theirs.id(), new NewMessage("user", "mine too", null, null, null, null)))
                        .seq())
                .isEqualTo(2);
        // Outside any request (the server's own work), every tenant's session is found.
        assertThat(sessions.append(theirs.id(), new NewMessage("assistant", "x", null, null, null, null))
                        .seq())
                .isEqualTo(3);
        assertThat(sessions.find(theirs.id()).orElseThrow().messageCount()).isEqualTo(3);
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
