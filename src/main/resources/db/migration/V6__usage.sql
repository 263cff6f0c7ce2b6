-- What tasks cost, and the state the per-tenant limits share across replicas.
--
-- usage: one row per finished task that reported tokens, written in the task's finishing transaction
-- (no commit of its own). No foreign key to tasks: the ledger outlives the task and its session (a
-- deleted session deletes its tasks, never what they cost). Budgets and GET /v1/usage sum it.
CREATE TABLE usage (
    task_id       uuid        PRIMARY KEY,
    tenant        text        NOT NULL,
    agent         text        NOT NULL,
    provider      text,
    model         text,
    input_tokens  bigint      NOT NULL,
    output_tokens bigint      NOT NULL,
    duration_ms   bigint      NOT NULL,
    finished_at   timestamptz NOT NULL
);

-- Budgets sum a tenant's day or month; the report reads a tenant's (or everyone's) period.
CREATE INDEX usage_tenant_finished_idx ON usage (tenant, finished_at);
CREATE INDEX usage_finished_idx ON usage (finished_at);

-- Requests per minute: one fixed-window counter per tenant, upserted by each admission in its transaction.
CREATE TABLE tenant_request_windows (
    tenant       text        PRIMARY KEY,
    window_start timestamptz NOT NULL,
    requests     integer     NOT NULL
);

-- Concurrency: the count of a tenant's unfinished tasks, read at each admission.
CREATE INDEX tasks_tenant_unfinished_idx ON tasks (tenant) WHERE status IN ('queued', 'running');
