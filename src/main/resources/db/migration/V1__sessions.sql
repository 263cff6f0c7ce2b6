-- Sessions and their messages. Ids are UUIDv7 made by the application, so ordering by id is
-- ordering by creation and keyset pagination needs no extra sort column.

CREATE TABLE sessions (
    id            uuid        PRIMARY KEY,
    agent         text        NOT NULL,
    title         text,
    metadata      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    owner         text        NOT NULL DEFAULT 'anonymous',
    message_count bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sessions_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT sessions_message_count_not_negative CHECK (message_count >= 0)
);

-- Listing is newest first (id DESC), narrowed to an owner and/or an agent.
CREATE INDEX sessions_owner_id_idx ON sessions (owner, id DESC);
CREATE INDEX sessions_agent_id_idx ON sessions (agent, id DESC);
-- Metadata filters are containment queries (metadata @> '{"k":"v"}').
CREATE INDEX sessions_metadata_idx ON sessions USING gin (metadata jsonb_path_ops);

CREATE TABLE messages (
    id            uuid        PRIMARY KEY,
    session_id    uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    seq           bigint      NOT NULL,
    role          text        NOT NULL CHECK (role IN ('user', 'assistant')),
    content       text        NOT NULL,
    model         text,
    input_tokens  bigint,
    output_tokens bigint,
    -- The task that wrote the message. Deliberately no foreign key: the tasks table comes later
    -- (V2) and a message outlives the bookkeeping of the task that produced it.
    task_id       uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT messages_session_seq_key UNIQUE (session_id, seq),
    CONSTRAINT messages_seq_positive CHECK (seq >= 1)
);
