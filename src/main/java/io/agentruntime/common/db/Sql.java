package io.agentruntime.common.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Plain JDBC statements in the caller's transaction, for the writes of the task path. There an ORM's work per
 * row (deep copies of JSON values, snapshots, dirty checks, the flush of the persistence context, a session
 * per transaction) cost the service more CPU than the statements themselves (bench/results/compare.md).
 *
 * <p>The connection is the transaction's: Agroal hands every user of one JTA transaction the same enlisted
 * connection, so these statements commit or roll back with whatever Hibernate writes in it. A statement
 * outside a transaction is refused rather than auto-committed on its own. Hibernate does not know of these
 * rows: a caller that also holds entities of the same rows in the transaction flushes them first, and does
 * not read them back through Hibernate in it. Only repositories use this class ({@code ArchitectureTest}),
 * so every statement is still scoped to the caller's tenant there.
 *
 * <p>Round trips, not statements, are what a write costs most here: each one is a send and a wait on the
 * database's socket (a fifth of a task's CPU went to them, bench/results/compare.md). Writes whose answer
 * nobody reads ({@link #send}) are therefore held back inside a {@link WriteGroup} block and go to the
 * database in one round trip with the next statement, or at the block's end: PostgreSQL's extended protocol
 * takes several statements, each with its own parameters, before one Sync.
 */
@ApplicationScoped
public class Sql {

    /** Rows in one multi-row INSERT at most: well under the protocol's 32,767 parameters for any table here. */
    public static final int MAX_ROWS_PER_INSERT = 1000;

    private final AgroalDataSource dataSource;
    private final TransactionManager transactions;
    private final LongAdder statements = new LongAdder();
    private final LongAdder roundTrips = new LongAdder();
    private final ThreadLocal<Held> held = new ThreadLocal<>();

    Sql(AgroalDataSource dataSource, TransactionManager transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(Params params) throws SQLException;
    }

    /** Sets the parameters of one row of a batch. */
    @FunctionalInterface
    public interface RowBinder<T> {
        void bind(T item, Params params) throws SQLException;
    }

    /** Reads the current row of a result. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Runs an INSERT, UPDATE or DELETE (with the writes held back before it); answers the rows it changed. */
    public int update(String sql, Binder binder) {
        return run(sql, binder, statement -> statement.getUpdateCount());
    }

    /**
     * Runs a query or a statement with RETURNING (with the writes held back before it); answers its first row,
     * if any.
     */
    public <T> Optional<T> one(String sql, Binder binder, RowReader<T> reader) {
        return run(sql, binder, statement -> {
            try (ResultSet rows = statement.getResultSet()) {
                return rows != null && rows.next() ? Optional.ofNullable(reader.read(rows)) : Optional.empty();
            }
        });
    }

    /**
     * A write whose answer nobody reads: inside a {@link WriteGroup} block of the same transaction it is held
     * back and sent with the next statement (or at the block's end), elsewhere it runs at once.
     */
    public void send(String sql, Binder binder) {
        Held h = held.get();
        if (h != null && h.transaction.equals(currentTransaction())) {
            statements.increment();
            h.writes.add(new Write(sql, binder));
            return;
        }
        update(sql, binder);
    }

    /**
     * Inserts rows as {@link #send} writes, {@link #MAX_ROWS_PER_INSERT} to a statement: {@code insert} is the
     * statement up to {@code VALUES}, {@code row} one row's placeholders, e.g. {@code (?, ?, CAST(? AS jsonb))}.
     */
    public <T> void sendRows(String insert, String row, List<T> items, RowBinder<T> binder) {
        for (int from = 0; from < items.size(); from += MAX_ROWS_PER_INSERT) {
            List<T> part = items.subList(from, Math.min(items.size(), from + MAX_ROWS_PER_INSERT));
            StringBuilder text = new StringBuilder(insert.length() + part.size() * (row.length() + 2));
            text.append(insert).append(" VALUES ");
            for (int i = 0; i < part.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(row);
            }
            send(text.toString(), params -> {
                for (T item : part) {
                    binder.bind(item, params);
                }
            });
        }
    }

    /** Runs {@code work} with the writes it sends held back until the next statement or its end. */
    <T> T holdingWrites(Supplier<T> work) {
        if (held.get() != null) {
            return work.get(); // joins the enclosing block
        }
        if (!QuarkusTransaction.isActive()) {
            throw new IllegalStateException("Writes can only be held back inside a transaction");
        }
        Held h = new Held(currentTransaction());
        held.set(h);
        try {
            T result = work.get();
            if (!h.writes.isEmpty()) {
                run(null, null, statement -> statement.getUpdateCount());
            }
            return result;
        } catch (RuntimeException | Error e) {
            // What was held back is not in the database: the transaction must not commit without it.
            h.writes.clear();
            markRollbackOnly();
            throw e;
        } finally {
            held.remove();
        }
    }

    /**
     * The statements run here since the start: Hibernate's statistics count only its own, and a test of the
     * statements a task costs adds these.
     */
    public long statements() {
        return statements.sum();
    }

    /** The round trips to the database these statements took (held-back writes share one with others). */
    public long roundTrips() {
        return roundTrips.sum();
    }

    @FunctionalInterface
    private interface Answer<T> {
        /** Reads the answer of the statement's own (last) part, which is the current result. */
        T read(PreparedStatement statement) throws SQLException;
    }

    private record Write(String sql, Binder binder) {}

    /** The writes held back on this thread, for the transaction the block began in. */
    private record Held(Transaction transaction, List<Write> writes) {
        Held(Transaction transaction) {
            this(transaction, new ArrayList<>());
        }
    }

    /**
     * One round trip: the writes held back for this transaction, then {@code sql} (null: only those), as one
     * prepared statement of several parts; each part answers in order, the last is the caller's.
     */
    private <T> T run(String sql, Binder binder, Answer<T> answer) {
        if (!QuarkusTransaction.isActive()) {
            throw new IllegalStateException("A statement of the task path ran outside a transaction");
        }
        List<Write> parts = takeHeld();
        if (sql != null) {
            statements.increment();
            parts.add(new Write(sql, binder));
        }
        // Usually one part: its text as it is, without a copy.
        String text = parts.size() == 1
                ? parts.get(0).sql()
                : parts.stream().map(Write::sql).collect(Collectors.joining(";\n"));
        roundTrips.increment();
        // Closing the connection inside the transaction only hands it back to the transaction, which keeps it
        // until the commit.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(text)) {
            Params params = new Params(statement);
            for (Write w : parts) {
                w.binder().bind(params);
            }
            statement.execute();
            for (int i = 1; i < parts.size(); i++) {
                statement.getMoreResults();
            }
            return answer.read(statement);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    private List<Write> takeHeld() {
        Held h = held.get();
        List<Write> parts = new ArrayList<>();
        if (h != null && !h.writes.isEmpty() && h.transaction.equals(currentTransaction())) {
            parts.addAll(h.writes);
            h.writes.clear();
        }
        return parts;
    }

    private Transaction currentTransaction() {
        try {
            return transactions.getTransaction();
        } catch (SystemException e) {
            throw new IllegalStateException("The transaction manager could not say which transaction runs", e);
        }
    }

    private void markRollbackOnly() {
        try {
            if (transactions.getTransaction() != null) {
                transactions.setRollbackOnly();
            }
        } catch (SystemException | IllegalStateException e) {
            // The transaction already ended: nothing of the block can commit.
        }
    }

    /** The parameters of a statement, set in order. */
    public static final class Params {

        private final PreparedStatement statement;
        private int next = 1;

        Params(PreparedStatement statement) {
            this.statement = statement;
        }

        public Params uuid(UUID value) throws SQLException {
            statement.setObject(next++, value);
            return this;
        }

        public Params text(String value) throws SQLException {
            statement.setString(next++, value);
            return this;
        }

        /** A JSON document already written as text; the statement casts it ({@code CAST(? AS jsonb)}). */
        public Params json(String value) throws SQLException {
            statement.setString(next++, value);
            return this;
        }

        public Params integer(Integer value) throws SQLException {
            if (value == null) {
                statement.setNull(next++, Types.INTEGER);
            } else {
                statement.setInt(next++, value);
            }
            return this;
        }

        public Params bigint(Long value) throws SQLException {
            if (value == null) {
                statement.setNull(next++, Types.BIGINT);
            } else {
                statement.setLong(next++, value);
            }
            return this;
        }

        public Params decimal(Double value) throws SQLException {
            if (value == null) {
                statement.setNull(next++, Types.DOUBLE);
            } else {
                statement.setDouble(next++, value);
            }
            return this;
        }

        public Params bool(boolean value) throws SQLException {
            statement.setBoolean(next++, value);
            return this;
        }

        public Params instant(Instant value) throws SQLException {
            if (value == null) {
                statement.setNull(next++, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                statement.setObject(next++, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
            }
            return this;
        }
    }

    /** Readers of the column types the task path uses, null-safe. */
    public static final class Columns {

        private Columns() {}

        public static Instant instant(ResultSet row, String column) throws SQLException {
            OffsetDateTime t = row.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }

        public static Long bigint(ResultSet row, String column) throws SQLException {
            long v = row.getLong(column);
            return row.wasNull() ? null : v;
        }

        public static Integer integer(ResultSet row, String column) throws SQLException {
            int v = row.getInt(column);
            return row.wasNull() ? null : v;
        }

        public static Double decimal(ResultSet row, String column) throws SQLException {
            double v = row.getDouble(column);
            return row.wasNull() ? null : v;
        }

        public static UUID uuid(ResultSet row, String column) throws SQLException {
            return row.getObject(column, UUID.class);
        }
    }

    /** A statement failed; the driver's exception is the cause (what {@code DatabaseOutage} looks for). */
    public static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
