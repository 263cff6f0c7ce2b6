package io.agentruntime.session;

import io.agentruntime.common.Page;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversations and their messages in PostgreSQL. Knows nothing of providers or tasks. Every method
 * joins the caller's transaction when there is one (so a task can commit its user message and its
 * own row together), else runs in its own.
 *
 * <p>Every method is confined to the caller's tenant ({@link io.agentruntime.auth.TenantScope}): a session of
 * another tenant is "not found", exactly like one that never existed; lists hold the tenant's sessions only; a
 * new session is the caller's tenant's and records the caller as its {@code owner}.
 */
public interface SessionService {

    /** A new session, its row written at once: rows that refer to it may follow in plain SQL. */
    SessionView create(NewSession session);

    /**
     * A new session that already holds its first message (sequence number 1), for a caller that writes more
     * in the same transaction: both rows are written in one statement (at once, or with the transaction's next
     * statement inside a {@code WriteGroup}), and no other transaction can see the session before the commit, so
     * it needs no lock. Must be called inside a transaction.
     */
    SessionView createWith(NewSession session, NewMessage first);

    Optional<SessionView> find(UUID id);

    /** Filters may be null; metadata matches sessions whose metadata contains all the given pairs. */
    Page<SessionView> list(String agent, Map<String, String> metadata, String cursor, int limit);

    /** @throws io.agentruntime.common.problem.ProblemException 404 when the session does not exist */
    Page<MessageView> messages(UUID sessionId, String cursor, int limit);

    /** The newest messages that fit the budget, returned oldest first. */
    List<MessageView> history(UUID sessionId, HistoryBudget budget);

    /** Appends with the next sequence number and touches the session's updated time. */
    MessageView append(UUID sessionId, NewMessage message);

    /**
     * Locks the session row until the caller's transaction ends (SELECT ... FOR UPDATE), so that
     * callers can serialise work per session. Must be called inside a transaction.
     */
    SessionView lock(UUID sessionId);

    /** A new session with copies of the messages up to and including {@code upToMessageId} (all when null). */
    SessionView fork(UUID sessionId, UUID upToMessageId);

    /**
     * Applies a merge patch under the session's row lock, so that two patches of different keys both
     * survive.
     *
     * @throws io.agentruntime.common.problem.ProblemException 404 when the session does not exist, 400
     *     naming {@code metadata} when the result is too large
     */
    SessionView patch(UUID sessionId, SessionPatch patch);

    /** Deletes the session and its messages; false when it did not exist. */
    boolean delete(UUID sessionId);

    /**
     * Checks caller metadata against the sessions.max-metadata-* limits, the same for every resource
     * that keeps metadata (sessions, tasks).
     *
     * @throws io.agentruntime.common.problem.ProblemException 400 naming {@code metadata} when too large
     */
    Map<String, Object> checkMetadata(Map<String, Object> metadata);
}
