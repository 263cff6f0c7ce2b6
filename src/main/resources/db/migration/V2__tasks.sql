-- Tasks (one run of an agent on an input, in a session) and the events they emit. Ids are UUIDv7
-- made by the application, so ordering by id is ordering by creation.

CREATE TABLE tasks (
    id               uuid             PRIMARY KEY,
    session_id       uuid             NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    agent            text             NOT NULL,
    model            text,
    provider         text,
    status           text             NOT NULL
        CONSTRAINT tasks_status_check CHECK (status IN ('queued', 'running', 'completed', 'failed', 'canceled')),
    mode             text             NOT NULL
        CONSTRAINT tasks_mode_check CHECK (mode IN ('blocking', 'background', 'stream')),
    input            text             NOT NULL,
    output           text,
    error            jsonb,
    input_tokens     bigint,
    output_tokens    bigint,
    max_tokens       integer,
    temperature      double precision,
    metadata         jsonb,
    owner            text             NOT NULL DEFAULT 'anonymous',
    -- Why the lookup chose the agent, when the caller named none.
    lookup           jsonb,
    idempotency_key  text,
    request_hash     text,
    lease_owner      text,
    lease_expires_at timestamptz,
    attempts         integer          NOT NULL DEFAULT 0,
    -- Time spent waiting on the provider, retries included: service time is duration minus this.
    provider_ms      bigint,
    cancel_requested boolean          NOT NULL DEFAULT false,
    created_at       timestamptz      NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz
);

-- A session's tasks, newest first; also the "is this session busy" check.
CREATE INDEX tasks_session_id_idx ON tasks (session_id, id);
-- The queue: oldest queued first.
CREATE INDEX tasks_status_created_idx ON tasks (status, created_at);
-- Lease recovery looks only at running tasks.
CREATE INDEX tasks_running_lease_idx ON tasks (lease_expires_at) WHERE status = 'running';
-- One task per caller and key; keys are cleared once past their retention.
CREATE UNIQUE INDEX tasks_owner_idempotency_key_idx ON tasks (owner, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

CREATE TABLE task_events (
    task_id    uuid        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    seq        bigint      NOT NULL,
    kind       text        NOT NULL,
    data       jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, seq)
);
