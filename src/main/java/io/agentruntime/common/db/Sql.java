package io.agentruntime.common.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

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
 */
@ApplicationScoped
public class Sql {

    private final AgroalDataSource dataSource;
    private final LongAdder statements = new LongAdder();

    Sql(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
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

    /** Runs an INSERT, UPDATE or DELETE; answers the rows it changed. */
    public int update(String sql, Binder binder) {
        return run(sql, statement -> {
            binder.bind(new Params(statement));
            return statement.executeUpdate();
        });
    }

    /** Runs a query (or a statement with RETURNING); answers its first row, if any. */
    public <T> Optional<T> one(String sql, Binder binder, RowReader<T> reader) {
        return run(sql, statement -> {
            binder.bind(new Params(statement));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable(reader.read(rows)) : Optional.empty();
            }
        });
    }

    /** Runs one statement for each item, sent together in one batch (one round trip for a few rows). */
    public <T> void batch(String sql, Collection<T> items, RowBinder<T> binder) {
        if (items.isEmpty()) {
            return;
        }
        run(sql, statement -> {
            if (items.size() == 1) {
                binder.bind(items.iterator().next(), new Params(statement));
                return statement.executeUpdate();
            }
            for (T item : items) {
                binder.bind(item, new Params(statement));
                statement.addBatch();
            }
            return statement.executeBatch().length;
        });
    }

    /**
     * The statements run here since the start: Hibernate's statistics count only its own, and a test of the
     * statements a task costs adds these.
     */
    public long statements() {
        return statements.sum();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T run(String sql, Work<T> work) {
        if (!QuarkusTransaction.isActive()) {
            throw new IllegalStateException("A statement of the task path ran outside a transaction");
        }
        // Closing the connection inside the transaction only hands it back to the transaction, which keeps it
        // until the commit.
        statements.increment();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            return work.run(statement);
        } catch (SQLException e) {
            throw new SqlFailure(e);
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
