-- How a task's agent was chosen, and the lookup's verdict when the lookup chose it, so operators can
-- count the tasks that ran on a guess (ambiguous) or on the fallback agent (noMatch).
ALTER TABLE tasks
    ADD COLUMN agent_choice   text
        CONSTRAINT tasks_agent_choice_check CHECK (agent_choice IN ('request', 'session', 'lookup', 'fallback')),
    ADD COLUMN lookup_verdict text
        CONSTRAINT tasks_lookup_verdict_check CHECK (lookup_verdict IN ('confident', 'ambiguous', 'noMatch'));
