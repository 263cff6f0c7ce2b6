-- API keys for services and Jobs (Authorization: Bearer ark_<lookup_id>_<secret>). Only a SHA-256 hash of
-- the key is kept; lookup_id, the non-secret part, finds the row. Revoked keys stay (revoked_at) so that
-- a list shows what was revoked and when.
CREATE TABLE api_keys (
    id           uuid        PRIMARY KEY,
    lookup_id    text        NOT NULL CONSTRAINT api_keys_lookup_id_key UNIQUE,
    key_hash     bytea       NOT NULL CONSTRAINT api_keys_key_hash_check CHECK (octet_length(key_hash) = 32),
    tenant       text        NOT NULL,
    name         text        NOT NULL,
    role         text        NOT NULL CONSTRAINT api_keys_role_check CHECK (role IN ('caller', 'admin')),
    created_at   timestamptz NOT NULL,
    created_by   text        NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

CREATE INDEX api_keys_tenant_idx ON api_keys (tenant, id);
