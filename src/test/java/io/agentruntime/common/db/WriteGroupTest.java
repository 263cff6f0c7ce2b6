package io.agentruntime.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Writes held back in a {@link WriteGroup}: they reach the database in order, in one round trip with the next
 * statement or at the block's end, and never commit without the rest of the block.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteGroupTest {

    private static final String INSERT = "INSERT INTO write_group_test (id, label) VALUES (?, ?)";

    @Inject
    Sql sql;

    @Inject
    WriteGroup writes;

    @BeforeEach
    void emptyTable() {
        QuarkusTransaction.requiringNew().run(() -> {
            sql.update(
                    "CREATE TABLE IF NOT EXISTS write_group_test (id int PRIMARY KEY, label text NOT NULL)", p -> {});
            sql.update("DELETE FROM write_group_test", p -> {});
        });
    }

    @AfterAll
    void dropTable() {
        QuarkusTransaction.requiringNew().run(() -> sql.update("DROP TABLE write_group_test", p -> {}));
    }

    @Test
    void heldWritesGoWithTheNextStatementInOneRoundTripAndInOrder() {
        long trips = sql.roundTrips();
        Optional<String> seen = QuarkusTransaction.requiringNew()
                .call(() -> writes.call(() -> {
                    send(1, "first");
                    send(2, "second");
                    assertThat(sql.roundTrips() - trips).as("nothing sent yet").isZero();
                    // The query comes after the held inserts in the same round trip, so it sees both.
                    return sql.one(
                            "SELECT string_agg(label, ',' ORDER BY id) AS labels FROM write_group_test",
                            p -> {},
                            row -> row.getString("labels"));
                }));
        assertThat(seen).contains("first,second");
        assertThat(sql.roundTrips() - trips)
                .as("one round trip for three statements")
                .isEqualTo(1);
        assertThat(labels()).containsExactly("first", "second");
    }

    @Test
    void whatIsStillHeldAtTheEndOfTheBlockIsSentThen() {
        long trips = sql.roundTrips();
        QuarkusTransaction.requiringNew()
                .run(() -> writes.run(() -> {
                    send(1, "a");
                    send(2, "b");
                    send(3, "c");
                }));
        assertThat(sql.roundTrips() - trips).isEqualTo(1);
        assertThat(labels()).containsExactly("a", "b", "c");
    }

    @Test
    void outsideABlockAWriteRunsAtOnce() {
        long trips = sql.roundTrips();
        QuarkusTransaction.requiringNew().run(() -> {
            send(1, "alone");
            assertThat(sql.roundTrips() - trips).isEqualTo(1);
        });
        assertThat(labels()).containsExactly("alone");
    }

    @Test
    void aFailingHeldWriteFailsTheBlockAndNothingOfItCommits() {
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                        .run(() -> writes.run(() -> {
                            send(1, "kept?");
                            send(1, "duplicate key");
                        })))
                .isInstanceOf(Sql.SqlFailure.class)
                .hasStackTraceContaining("duplicate key");
        assertThat(labels()).isEmpty();
    }

    @Test
    void aBlockThatThrowsDropsWhatItHeldAndItsTransactionCannotCommit() {
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                    try {
                        writes.run(() -> {
                            send(1, "never sent");
                            throw new IllegalArgumentException("the caller's own failure");
                        });
                    } catch (IllegalArgumentException e) {
                        // A caller that swallows the failure still cannot commit half a block.
                    }
                    send(2, "after the block");
                }))
                .isInstanceOf(RuntimeException.class);
        assertThat(labels()).isEmpty();
    }

    @Test
    void manyRowsGoInStatementsOfAtMostTheLimitStillInOneRoundTrip() {
        int n = Sql.MAX_ROWS_PER_INSERT * 2 + 5;
        List<Integer> ids = IntStream.rangeClosed(1, n).boxed().toList();
        long trips = sql.roundTrips();
        long statements = sql.statements();
        QuarkusTransaction.requiringNew()
                .run(() -> writes.run(() -> sql.sendRows(
                        "INSERT INTO write_group_test (id, label)",
                        "(?, ?)",
                        ids,
                        (id, p) -> p.bigint((long) id).text("row " + id))));
        assertThat(sql.statements() - statements).isEqualTo(3);
        assertThat(sql.roundTrips() - trips).isEqualTo(1);
        assertThat(labels()).hasSize(n);
    }

    @Test
    void aTransactionBegunInsideABlockIsNotHeldBack() {
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                        .run(() -> writes.run(() -> {
                            send(1, "outer");
                            QuarkusTransaction.requiringNew().run(() -> send(2, "inner"));
                            throw new IllegalStateException("the outer transaction rolls back");
                        })))
                .hasMessageContaining("the outer transaction rolls back");
        assertThat(labels()).containsExactly("inner");
    }

    private void send(int id, String label) {
        sql.send(INSERT, p -> p.integer(id).text(label));
    }

    private List<String> labels() {
        return QuarkusTransaction.requiringNew()
                .call(() -> sql.one(
                                "SELECT coalesce(string_agg(label, '|' ORDER BY id), '') AS labels FROM write_group_test",
                                p -> {},
                                row -> row.getString("labels"))
                        .filter(s -> !s.isEmpty())
                        .map(s -> List.of(s.split("\\|")))
                        .orElse(List.of()));
    }
}
