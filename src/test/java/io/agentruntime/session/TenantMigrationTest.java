package io.agentruntime.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code V5__tenants.sql} on a database that has rows from before tenancy: a schema of its own migrated to
 * V4, filled as the service wrote it then, then migrated to the end. Every row is kept, in the default tenant.
 */
@QuarkusTest
class TenantMigrationTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    // Optional: test classes are beans of every application the suite starts, and some of those
    // (CommandModeTest's unreachable database) have a URL and no username.
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** Connections of their own, outside the application's pool: their search_path must not leak into it. */
    private DataSource db;

    @Test
    void rowsFromBeforeTenancyLandInTheDefaultTenantAndKeepTheirOwner() throws SQLException {
        PGSimpleDataSource unpooled = new PGSimpleDataSource();
        unpooled.setUrl(url);
        unpooled.setUser(user.orElse("postgres"));
        unpooled.setPassword(password.orElse(""));
        db = unpooled;
        String schema = "pre_tenancy_" + UUID.randomUUID().toString().substring(0, 8);
        UUID session = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        flyway(schema, "4").migrate();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.execute("INSERT INTO sessions (id, agent, owner, message_count) VALUES ('" + session
                    + "', 'sonnet-helper', 'anonymous', 1)");
            s.execute("INSERT INTO messages (id, session_id, seq, role, content) VALUES ('" + UUID.randomUUID() + "', '"
                    + session + "', 1, 'user', 'hello')");
            s.execute("INSERT INTO tasks (id, session_id, agent, status, mode, input, idempotency_key) VALUES ('" + task
                    + "', '" + session + "', 'sonnet-helper', 'completed', 'blocking', 'hello', 'k1')");
            s.execute("INSERT INTO task_events (task_id, seq, kind, data) VALUES ('" + task + "', 1, 'task', '{}')");
        }

        flyway(schema, "latest").migrate();

        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            assertThat(rows(s, "SELECT tenant || '/' || created_by FROM sessions"))
                    .containsExactly("default/anonymous");
            assertThat(rows(s, "SELECT tenant || '/' || created_by || '/' || idempotency_key FROM tasks"))
                    .containsExactly("default/anonymous/k1");
            assertThat(rows(s, "SELECT content FROM messages")).containsExactly("hello");
            assertThat(rows(s, "SELECT kind FROM task_events")).containsExactly("task");
            // From now on the application names the tenant: there is no default to forget it with.
            assertThatThrownBy(() -> s.execute("INSERT INTO sessions (id, agent, created_by) VALUES ('"
                            + UUID.randomUUID() + "', 'a', 'x')"))
                    .hasMessageContaining("tenant");
            // Idempotency-Keys are per tenant: the same key in another tenant is another key ...
            s.execute("INSERT INTO tasks (id, session_id, agent, status, mode, input, idempotency_key, tenant,"
                    + " created_by) VALUES ('" + UUID.randomUUID() + "', '" + session
                    + "', 'sonnet-helper', 'queued', 'blocking', 'x', 'k1', 'other', 'y')");
            // ... and within one it stays unique.
            assertThatThrownBy(() -> s.execute(
                            "INSERT INTO tasks (id, session_id, agent, status, mode, input, idempotency_key, tenant,"
                                    + " created_by) VALUES ('" + UUID.randomUUID() + "', '" + session
                                    + "', 'sonnet-helper', 'queued', 'blocking', 'x', 'k1', 'default', 'y')"))
                    .hasMessageContaining("tasks_tenant_idempotency_key_idx");
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private Flyway flyway(String schema, String target) {
        return Flyway.configure()
                .dataSource(db)
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
