package io.agentruntime.session.store;

import io.agentruntime.common.Cursors;
import io.agentruntime.common.Ids;
import io.agentruntime.common.Page;
import io.agentruntime.common.db.StoredJson;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.session.HistoryBudget;
import io.agentruntime.session.MessageView;
import io.agentruntime.session.NewMessage;
import io.agentruntime.session.NewSession;
import io.agentruntime.session.SessionPatch;
import io.agentruntime.session.SessionService;
import io.agentruntime.session.SessionView;
import io.agentruntime.session.SessionsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@link SessionService} on PostgreSQL. Every method is {@code @Transactional} (REQUIRED), so it
 * joins a caller's transaction; {@link #lock} insists on one.
 */
@ApplicationScoped
class PostgresSessionService implements SessionService {

    private static final Set<String> ROLES = Set.of("user", "assistant");
    private static final String SESSION_CURSOR = "s:";
    private static final String MESSAGE_CURSOR = "m:";

    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final SessionsConfig config;

    PostgresSessionService(SessionRepository sessions, MessageRepository messages, SessionsConfig config) {
        this.sessions = sessions;
        this.messages = messages;
        this.config = config;
    }

    @Override
    @Transactional
    public SessionView create(NewSession session) {
        SessionEntity e = newSession(session, now());
        sessions.add(e, true);
        return e.toView();
    }

    /**
     * One statement, no entity ({@link SessionRepository#addWithFirst}): the first thing every blocking task in a
     * new session writes.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public SessionView createWith(NewSession session, NewMessage first) {
        checkMessage(first);
        checkAgent(session);
        Map<String, Object> metadata = MergePatch.apply(null, session.metadata());
        String metadataJson = checkedJson(metadata);
        Instant now = now();
        UUID id = Ids.newId();
        String owner = sessions.addWithFirst(id, session, metadataJson, Ids.newId(), first, now);
        return new SessionView(
                id, session.agent(), session.title(), Collections.unmodifiableMap(metadata), owner, 1, now, now);
    }

    private SessionEntity newSession(NewSession session, Instant now) {
        checkAgent(session);
        SessionEntity e = new SessionEntity();
        e.id = Ids.newId();
        e.agent = session.agent();
        e.title = session.title();
        e.metadata = checked(MergePatch.apply(null, session.metadata()));
        e.createdAt = now;
        e.updatedAt = now;
        return e;
    }

    private static void checkAgent(NewSession session) {
        if (session.agent() == null || session.agent().isBlank()) {
            throw ProblemException.badField("agent", "must not be blank");
        }
    }

    @Override
    @Transactional
    public Optional<SessionView> find(UUID id) {
        return sessions.get(id).map(SessionEntity::toView);
    }

    @Override
    @Transactional
    public Page<SessionView> list(String agent, Map<String, String> metadata, String cursor, int limit) {
        String contains = metadata == null || metadata.isEmpty() ? null : toJson(metadata);
        UUID before = cursor == null ? null : sessionPosition(cursor);
        // Newest first; one row more than asked says whether there is a next page.
        List<SessionView> rows = sessions.page(agent, contains, before, limit + 1).stream()
                .map(SessionEntity::toView)
                .toList();
        return page(rows, limit, s -> SESSION_CURSOR + s.id());
    }

    @Override
    @Transactional
    public Page<MessageView> messages(UUID sessionId, String cursor, int limit) {
        long after = cursor == null ? 0 : messagePosition(cursor);
        List<MessageView> rows = messages.after(sessionId, after, limit + 1).stream()
                .map(MessageEntity::toView)
                .toList();
        // Messages live only as long as their session (ON DELETE CASCADE): only an empty page can
        // hide an unknown session.
        if (rows.isEmpty() && sessions.get(sessionId).isEmpty()) {
            throw notFound(sessionId);
        }
        return page(rows, limit, m -> MESSAGE_CURSOR + m.seq());
    }

    @Override
    @Transactional
    public List<MessageView> history(UUID sessionId, HistoryBudget budget) {
        if (sessions.get(sessionId).isEmpty()) {
            throw notFound(sessionId);
        }
        if (budget.maxMessages() <= 0 || budget.maxChars() <= 0) {
            return List.of();
        }
        List<MessageView> rows = messages.newest(sessionId, budget).stream()
                .map(MessageEntity::toView)
                .toList();
        // An answer whose question fell outside the budget would make no sense to a model.
        int start = 0;
        while (start < rows.size()
                && "assistant".equals(rows.get(start).role())
                && rows.get(start).seq() > 1) {
            start++;
        }
        return rows.subList(start, rows.size());
    }

    /**
     * One statement ({@link SessionRepository#addMessage}) in the usual case, a session this transaction has not
     * touched through Hibernate; a session it holds (read or locked earlier in it) is counted on its entity, which
     * must stay right for the rest of the transaction (the rules of {@link SessionRepository}).
     */
    @Override
    @Transactional
    public MessageView append(UUID sessionId, NewMessage message) {
        checkMessage(message);
        Instant now = now();
        if (sessions.holds(sessionId)) {
            long seq = sessions.countMessage(sessionId, now).orElseThrow(() -> notFound(sessionId));
            MessageEntity m = newMessage(sessionId, seq, message, now);
            messages.add(m, true);
            return m.toView();
        }
        UUID id = Ids.newId();
        long seq = sessions.addMessage(sessionId, id, message, now).orElseThrow(() -> notFound(sessionId));
        return new MessageView(
                id,
                sessionId,
                seq,
                message.role(),
                message.content(),
                message.model(),
                message.inputTokens(),
                message.outputTokens(),
                message.taskId(),
                now);
    }

    private static void checkMessage(NewMessage message) {
        if (message.role() == null || !ROLES.contains(message.role())) {
            throw ProblemException.badField("role", "must be 'user' or 'assistant'");
        }
        if (message.content() == null) {
            throw ProblemException.badField("content", "must not be null");
        }
        if (negative(message.inputTokens()) || negative(message.outputTokens())) {
            throw ProblemException.badField("usage", "token counts must not be negative");
        }
    }

    private static MessageEntity newMessage(UUID sessionId, long seq, NewMessage message, Instant now) {
        MessageEntity m = new MessageEntity();
        m.id = Ids.newId();
        m.sessionId = sessionId;
        m.seq = seq;
        m.role = message.role();
        m.content = message.content();
        m.model = message.model();
        m.inputTokens = message.inputTokens();
        m.outputTokens = message.outputTokens();
        m.taskId = message.taskId();
        m.createdAt = now;
        return m;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public SessionView lock(UUID sessionId) {
        return locked(sessionId).toView();
    }

    @Override
    @Transactional
    public SessionView fork(UUID sessionId, UUID upToMessageId) {
        SessionEntity source = sessions.get(sessionId).orElseThrow(() -> notFound(sessionId));
        long upTo = Long.MAX_VALUE;
        if (upToMessageId != null) {
            upTo = messages.inSession(sessionId, upToMessageId)
                    .orElseThrow(
                            () -> ProblemException.badField("messageId", "is not a message of session " + sessionId))
                    .seq;
        }
        List<MessageEntity> originals = messages.upTo(sessionId, upTo);
        Instant now = now();
        SessionEntity copy = new SessionEntity();
        copy.id = Ids.newId();
        copy.agent = source.agent;
        copy.title = source.title == null ? null : source.title + " (fork)";
        copy.metadata = MergePatch.apply(source.metadata, null);
        copy.messageCount = originals.size();
        copy.createdAt = now;
        copy.updatedAt = now;
        sessions.add(copy, false);
        long seq = 0;
        for (MessageEntity original : originals) {
            messages.add(copyOf(original, copy.id, ++seq, now), false);
        }
        sessions.flush();
        return copy.toView();
    }

    @Override
    @Transactional
    public SessionView patch(UUID sessionId, SessionPatch patch) {
        // Locked so that two patches of different keys both survive.
        SessionEntity session = locked(sessionId);
        if (patch.clearTitle()) {
            session.title = null;
        } else if (patch.title() != null) {
            session.title = patch.title().isEmpty() ? null : patch.title();
        }
        if (patch.clearMetadata()) {
            session.metadata = checked(new LinkedHashMap<>());
        } else if (patch.metadata() != null) {
            session.metadata = checked(MergePatch.apply(session.metadata, patch.metadata()));
        }
        session.updatedAt = now();
        sessions.flush();
        return session.toView();
    }

    @Override
    @Transactional
    public boolean delete(UUID sessionId) {
        // One statement; the database removes the messages (ON DELETE CASCADE).
        return sessions.remove(sessionId);
    }

    /** The session row, locked until the transaction ends (see {@link SessionRepository#locked}). */
    private SessionEntity locked(UUID sessionId) {
        return sessions.locked(sessionId).orElseThrow(() -> notFound(sessionId));
    }

    private static MessageEntity copyOf(MessageEntity original, UUID sessionId, long seq, Instant now) {
        // A copy is a new message of the fork: new id and time, and no task wrote it.
        MessageEntity m = new MessageEntity();
        m.id = Ids.newId();
        m.sessionId = sessionId;
        m.seq = seq;
        m.role = original.role;
        m.content = original.content;
        m.model = original.model;
        m.inputTokens = original.inputTokens;
        m.outputTokens = original.outputTokens;
        m.createdAt = now;
        return m;
    }

    @Override
    public Map<String, Object> checkMetadata(Map<String, Object> metadata) {
        return metadata == null ? null : checked(metadata);
    }

    private Map<String, Object> checked(Map<String, Object> metadata) {
        checkedJson(metadata);
        return metadata;
    }

    /** The metadata as JSON, once it is within the limits (written once, for the check and the row). */
    private String checkedJson(Map<String, Object> metadata) {
        if (metadata.size() > config.maxMetadataKeys()) {
            throw ProblemException.badField(
                    "metadata",
                    "has " + metadata.size() + " keys; at most " + config.maxMetadataKeys() + " are allowed");
        }
        String text = toJson(metadata);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxMetadataBytes()) {
            throw ProblemException.badField(
                    "metadata",
                    "is " + bytes + " bytes as JSON; at most " + config.maxMetadataBytes() + " are allowed");
        }
        return text;
    }

    /** As stored (never with the REST API's mapper), so that the size checked is the size stored. */
    private static String toJson(Map<String, ?> value) {
        try {
            return StoredJson.write(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("metadata", "is not representable as JSON");
        }
    }

    private static UUID sessionPosition(String cursor) {
        return position(cursor, SESSION_CURSOR, UUID::fromString);
    }

    private static long messagePosition(String cursor) {
        return position(cursor, MESSAGE_CURSOR, text -> {
            long seq = Long.parseLong(text);
            if (seq < 0) {
                throw new NumberFormatException("negative");
            }
            return seq;
        });
    }

    /** The position in a cursor of this kind (prefix), or a 400 naming {@code cursor}. */
    private static <T> T position(String cursor, String prefix, Function<String, T> parse) {
        String position = Cursors.decode(cursor);
        if (position.startsWith(prefix)) {
            try {
                return parse.apply(position.substring(prefix.length()));
            } catch (IllegalArgumentException e) {
                // falls through to the problem below
            }
        }
        throw ProblemException.badField("cursor", "is not a cursor this list issued");
    }

    private static <T> Page<T> page(List<T> rows, int limit, Function<T, String> position) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), Cursors.encode(position.apply(items.get(limit - 1))));
    }

    private static boolean negative(Long value) {
        return value != null && value < 0;
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No session " + id);
    }

    /** Microseconds, as PostgreSQL stores them, so that what we return equals what we read back later. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
