package io.agentruntime.auth.key;

import io.agentruntime.auth.Caller;
import io.agentruntime.common.Page;
import java.util.Optional;
import java.util.UUID;

/** API keys: made and revoked by administrators (REST or command mode), checked on every request. */
public interface ApiKeys {

    /**
     * A new key; its secret is in the answer and nowhere else.
     *
     * @throws io.agentruntime.common.problem.ProblemException 400 for a bad tenant, name, role or expiry
     */
    CreatedApiKey create(NewApiKey key);

    /** Keys by creation, oldest first, of one tenant or (null) of all. */
    Page<ApiKeyView> list(String tenant, int limit, String cursor);

    /** @throws io.agentruntime.common.problem.ProblemException 404 when there is no such key */
    ApiKeyView get(UUID id);

    /**
     * Revokes a key for good; revoking it again changes nothing.
     *
     * @throws io.agentruntime.common.problem.ProblemException 404 when there is no such key
     */
    void revoke(UUID id);

    /** The caller a presented key stands for; empty when it is malformed, unknown, revoked or expired. */
    Optional<Caller> authenticate(String presented);
}
