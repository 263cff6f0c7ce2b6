package io.agentruntime.openaicompat;

import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.session.NewMessage;
import io.agentruntime.session.NewSession;
import io.agentruntime.session.SessionService;
import io.agentruntime.task.TaskService;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskView;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What Chat Completions and Responses share: an OpenAI model read as an agent, the session a request
 * continues or starts with its history, a task's end in OpenAI's error shape, and a closed stream
 * cancelling its task. Only the core's services are used; OpenAI's shapes stay in this package.
 */
@ApplicationScoped
class OpenAiTasks {

    static final String AUTO = "auto";
    private static final Logger LOG = Logger.getLogger(OpenAiTasks.class);

    private final TaskService tasks;
    private final SessionService sessions;
    private final AgentCatalog agents;

    OpenAiTasks(TaskService tasks, SessionService sessions, AgentCatalog agents) {
        this.tasks = tasks;
        this.sessions = sessions;
        this.agents = agents;
    }

    /** The agent a {@code model} names; null for {@code auto} (the lookup chooses). */
    String agent(String model) {
        String name = model == null ? "" : model.strip();
        if (name.isEmpty()) {
            throw OpenAiError.of(400, "model: name an agent (GET /openai/v1/models), or auto", "model", null);
        }
        if (AUTO.equals(name)) {
            return null;
        }
        if (agents.find(name).isEmpty()) {
            throw OpenAiError.modelNotFound(name);
        }
        return name;
    }

    /** The caller's session with this id; another tenant's is not found, exactly like none. */
    UUID session(String id, String what) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw OpenAiError.of(400, what + " must be a session id (a UUID)", null, null);
        }
        if (sessions.find(uuid).isEmpty()) {
            throw OpenAiError.of(404, "No session " + uuid + " (" + what + ")", null, null);
        }
        return uuid;
    }

    /**
     * The session to run the conversation's last turn in: the given one, or (when the conversation has
     * earlier turns) a one-off session of the agent; its earlier turns are appended to it (a response's
     * input items are new turns, as in OpenAI's conversation state). Null when there is nothing to
     * continue: the task starts its own session.
     */
    UUID sessionFor(String agent, UUID continued, Conversation conversation) {
        if (conversation.history().isEmpty()) {
            return continued;
        }
        UUID id = continued;
        if (id == null) {
            if (agent == null) {
                throw OpenAiError.of(
                        400,
                        "model auto takes one user message, or a conversation to continue: a history needs its "
                                + "agent named",
                        "model",
                        null);
            }
            id = sessions.create(new NewSession(agent, null, Map.of("via", "openai")))
                    .id();
        }
        for (Conversation.Turn turn : conversation.history()) {
            sessions.append(id, new NewMessage(turn.role(), turn.text(), null, null, null, null));
        }
        return id;
    }

    /** A task that did not complete, as the HTTP error OpenAI's SDKs raise. */
    static void failIfNotCompleted(TaskView task) {
        if (task.status() == TaskStatus.COMPLETED) {
            return;
        }
        if (task.error() != null) {
            TaskView.TaskError e = task.error();
            throw OpenAiError.of(
                    e.status(),
                    e.detail(),
                    null,
                    e.retryAfter() == null ? null : e.retryAfter().toString());
        }
        throw OpenAiError.of(
                409, "The task " + task.id() + " ended " + task.status().name().toLowerCase(Locale.ROOT), null, null);
    }

    /** A stream's caller left: its task stops (OpenAI's SDKs stop a generation so, and a chat UI's stop button). */
    void cancelQuietly(UUID id) {
        try {
            tasks.cancel(id);
        } catch (ProblemException ended) {
            // it ended meanwhile: nothing to cancel
        } catch (RuntimeException e) {
            LOG.debugf(e, "Could not cancel task %s after its caller left", id);
        }
    }

    static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** Whether a failure while streaming is the caller having gone. */
    static boolean callerLeft(Exception e) {
        return e instanceof IOException || e.getCause() instanceof IOException;
    }

    /**
     * A streamed response's bytes. Writing to a response whose caller has gone does not fail, so each
     * frame checks the connection.
     */
    record Frames(OutputStream os, HttpServerResponse response) {

        void write(String frame) throws IOException {
            if (response.closed()) {
                throw new IOException("The caller closed the stream");
            }
            os.write(frame.getBytes(StandardCharsets.UTF_8));
            os.flush();
        }
    }
}
