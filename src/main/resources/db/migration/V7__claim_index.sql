-- The worker's claim asks, for each queued task in order, whether its session has a task running or an
-- older one queued. This index answers that with one probe per task, over the few unfinished rows of
-- a session: without it, a backlog of thousands of queued tasks made each claim scan them all.
CREATE INDEX tasks_session_unfinished_idx ON tasks (session_id, created_at, id)
    WHERE status IN ('queued', 'running');
