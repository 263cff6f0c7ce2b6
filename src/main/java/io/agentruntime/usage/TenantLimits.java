package io.agentruntime.usage;

import io.agentruntime.common.problem.ProblemException;
import java.util.function.ToLongFunction;

/**
 * The per-tenant limits ({@link TenantsConfig}), held across replicas through PostgreSQL. The task engine asks
 * before it writes a new task; a refusal is a 429 with {@code Retry-After} and nothing is written.
 */
public interface TenantLimits {

    /**
     * Admits one more task of the current caller's tenant, or refuses it. Call it inside the transaction that
     * then inserts the task: the request counter it raises and the tenant lock it takes end with that
     * transaction, so a task refused for any reason later in the transaction costs no request.
     *
     * @param unfinished the tenant's queued and running tasks, read after the tenant's lock is held
     * @throws ProblemException 429 {@code too-many-requests} (requests per minute, running tasks) or
     *                          {@code budget-exhausted} (tokens per day or month), with Retry-After
     */
    void admit(ToLongFunction<String> unfinished);
}
