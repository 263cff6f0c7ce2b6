-- Tenancy: every session and task belongs to a tenant, and records who created it. Messages and task
-- events belong through their session and task (every query reaches them through one), so they carry
-- no tenant of their own.
--
-- Rows from before tenancy go to the default tenant ('default', the default of auth.default-tenant);
-- the former owner column (always 'anonymous' until authentication) becomes created_by, so no data is
-- lost. The DEFAULT exists only to fill those rows: the application always names the tenant.

ALTER TABLE sessions RENAME COLUMN owner TO created_by;
ALTER TABLE sessions ALTER COLUMN created_by DROP DEFAULT;
ALTER TABLE sessions ADD COLUMN tenant text NOT NULL DEFAULT 'default';
ALTER TABLE sessions ALTER COLUMN tenant DROP DEFAULT;

ALTER TABLE tasks RENAME COLUMN owner TO created_by;
ALTER TABLE tasks ALTER COLUMN created_by DROP DEFAULT;
ALTER TABLE tasks ADD COLUMN tenant text NOT NULL DEFAULT 'default';
ALTER TABLE tasks ALTER COLUMN tenant DROP DEFAULT;

-- Lists are a tenant's, newest first, keyset-paged on id; optionally narrowed to an agent.
DROP INDEX sessions_owner_id_idx;
DROP INDEX sessions_agent_id_idx;
CREATE INDEX sessions_tenant_id_idx ON sessions (tenant, id DESC);
CREATE INDEX sessions_tenant_agent_id_idx ON sessions (tenant, agent, id DESC);
CREATE INDEX tasks_tenant_id_idx ON tasks (tenant, id DESC);

-- One task per tenant and Idempotency-Key (two callers of a tenant share its keys, two tenants never do).
DROP INDEX tasks_owner_idempotency_key_idx;
CREATE UNIQUE INDEX tasks_tenant_idempotency_key_idx ON tasks (tenant, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
