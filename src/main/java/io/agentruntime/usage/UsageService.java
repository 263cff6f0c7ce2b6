package io.agentruntime.usage;

import io.agentruntime.common.problem.ProblemException;

/** The usage ledger: what tasks cost, kept apart from the tasks (it outlives their sessions) and summed. */
public interface UsageService {

    /** Adds a finished task's cost; joins the caller's transaction (the task's finishing one). */
    void record(UsageRecord usage);

    /**
     * Usage in the period, summed by tenant and group: the caller's tenant, every tenant for an administrator.
     *
     * @param from inclusive; RFC 3339 date-time or a date (its start, UTC); null: 30 days before {@code to}
     * @param to exclusive; a date means the end of that day (UTC); null: now
     * @param groupBy agent, model or day; null: day
     * @throws ProblemException 400 on a bad date, an empty period or an unknown groupBy
     */
    UsageReport report(String from, String to, String groupBy);
}
