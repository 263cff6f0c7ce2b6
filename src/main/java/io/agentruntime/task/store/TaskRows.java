package io.agentruntime.task.store;

import io.agentruntime.common.db.Sql;
import io.agentruntime.common.db.Sql.Columns;
import io.agentruntime.common.db.StoredJson;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A {@code tasks} row in plain SQL, for the two writes every task makes (the insert of the admission, the
 * update of the finish): the same columns as {@link TaskEntity}, which the rest of the store reads and writes
 * through Hibernate. {@code TaskRowsTest} checks that both agree.
 */
final class TaskRows {

    static final String INSERT = """
            INSERT INTO tasks (id, session_id, agent, model, provider, status, mode, input, output, error,
                               input_tokens, output_tokens, max_tokens, temperature, metadata, tenant, created_by,
                               lookup, agent_choice, lookup_verdict, idempotency_key, request_hash, lease_owner,
                               lease_expires_at, attempts, provider_ms, cancel_requested, created_at, started_at,
                               finished_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, CAST(? AS jsonb), ?, ?,
                    CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private TaskRows() {}

    static void bindInsert(TaskEntity t, Sql.Params p) throws SQLException {
        p.uuid(t.id)
                .uuid(t.sessionId)
                .text(t.agent)
                .text(t.model)
                .text(t.provider)
                .text(t.status)
                .text(t.mode)
                .text(t.input)
                .text(t.output)
                .json(StoredJson.write(t.error))
                .bigint(t.inputTokens)
                .bigint(t.outputTokens)
                .integer(t.maxTokens)
                .decimal(t.temperature)
                .json(StoredJson.write(t.metadata))
                .text(t.tenant)
                .text(t.owner)
                .json(StoredJson.write(t.lookup))
                .text(t.agentChoice)
                .text(t.lookupVerdict)
                .text(t.idempotencyKey)
                .text(t.requestHash)
                .text(t.leaseOwner)
                .instant(t.leaseExpiresAt)
                .integer(t.attempts)
                .bigint(t.providerMs)
                .bool(t.cancelRequested)
                .instant(t.createdAt)
                .instant(t.startedAt)
                .instant(t.finishedAt);
    }

    /** The row as an entity that Hibernate does not manage (a value to read, never to save). */
    static TaskEntity read(ResultSet row) throws SQLException {
        TaskEntity t = new TaskEntity();
        t.id = Columns.uuid(row, "id");
        t.sessionId = Columns.uuid(row, "session_id");
        t.agent = row.getString("agent");
        t.model = row.getString("model");
        t.provider = row.getString("provider");
        t.status = row.getString("status");
        t.mode = row.getString("mode");
        t.input = row.getString("input");
        t.output = row.getString("output");
        t.error = StoredJson.readObject(row.getString("error"));
        t.inputTokens = Columns.bigint(row, "input_tokens");
        t.outputTokens = Columns.bigint(row, "output_tokens");
        t.maxTokens = Columns.integer(row, "max_tokens");
        t.temperature = Columns.decimal(row, "temperature");
        t.metadata = StoredJson.readObject(row.getString("metadata"));
        t.tenant = row.getString("tenant");
        t.owner = row.getString("created_by");
        t.lookup = StoredJson.readObject(row.getString("lookup"));
        t.agentChoice = row.getString("agent_choice");
        t.lookupVerdict = row.getString("lookup_verdict");
        t.idempotencyKey = row.getString("idempotency_key");
        t.requestHash = row.getString("request_hash");
        t.leaseOwner = row.getString("lease_owner");
        t.leaseExpiresAt = Columns.instant(row, "lease_expires_at");
        t.attempts = row.getInt("attempts");
        t.providerMs = Columns.bigint(row, "provider_ms");
        t.cancelRequested = row.getBoolean("cancel_requested");
        t.createdAt = Columns.instant(row, "created_at");
        t.startedAt = Columns.instant(row, "started_at");
        t.finishedAt = Columns.instant(row, "finished_at");
        return t;
    }
}
