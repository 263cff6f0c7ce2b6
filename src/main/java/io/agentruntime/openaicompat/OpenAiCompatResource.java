package io.agentruntime.openaicompat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.session.NewMessage;
import io.agentruntime.session.NewSession;
import io.agentruntime.session.SessionService;
import io.agentruntime.task.TaskCommand;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskMode;
import io.agentruntime.task.TaskService;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskTicket;
import io.agentruntime.task.TaskView;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * OpenAI's API as a way in: every agent is a model. Chat Completions run a task with the agent the
 * {@code model} names ({@code auto}: the lookup chooses), whole or streamed exactly as OpenAI streams;
 * failures come in OpenAI's error shape, so OpenAI's SDKs, gateways and chat UIs work unedited.
 *
 * <p>Its operations are left out of this service's OpenAPI document: their contract is OpenAI's API
 * (snake_case, OpenAI's error objects, its paths), which clients reach through OpenAI's SDKs, not
 * through clients generated from our document (docs/clients.md).
 */
@Path("/openai/v1")
public class OpenAiCompatResource {

    /** Continues a session: only the last user message is sent on; the history is the session's. */
    static final String SESSION_HEADER = "X-Session-Id";

    static final String AUTO = "auto";
    private static final Logger LOG = Logger.getLogger(OpenAiCompatResource.class);
    private static final String OWNED_BY = "agent-runtime";

    private final TaskService tasks;
    private final SessionService sessions;
    private final AgentCatalog agents;
    private final ObjectMapper json;

    OpenAiCompatResource(TaskService tasks, SessionService sessions, AgentCatalog agents, ObjectMapper json) {
        this.tasks = tasks;
        this.sessions = sessions;
        this.agents = agents;
        this.json = json;
    }

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public OpenAiWire.ModelList models() {
        long created = agents.snapshot().loadedAt().getEpochSecond();
        List<OpenAiWire.Model> data = agents.snapshot().agents().stream()
                .map(a -> new OpenAiWire.Model(a.name(), "model", created, OWNED_BY))
                .toList();
        return new OpenAiWire.ModelList("list", data);
    }

    @GET
    @Path("/models/{model}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public OpenAiWire.Model model(@PathParam("model") String model) {
        AgentDefinition agent = agents.find(model).orElseThrow(() -> OpenAiError.modelNotFound(model));
        return new OpenAiWire.Model(
                agent.name(), "model", agents.snapshot().loadedAt().getEpochSecond(), OWNED_BY);
    }

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    @RunOnVirtualThread
    @Operation(hidden = true)
    public Response chat(
            OpenAiWire.ChatRequest body,
            @HeaderParam(SESSION_HEADER) String sessionHeader,
            @Context HttpServerResponse response) {
        if (body == null) {
            throw OpenAiError.of(400, "The request body must be a chat completion request", null, null);
        }
        TaskCommand command = command(body, sessionHeader);
        if (Boolean.TRUE.equals(body.stream())) {
            TaskTicket ticket = tasks.admit(command, TaskMode.STREAM);
            boolean usage = body.streamOptions() != null
                    && Boolean.TRUE.equals(body.streamOptions().includeUsage());
            StreamingOutput out = os -> stream(ticket, usage, new Frames(os, response));
            return Response.ok(out, MediaType.SERVER_SENT_EVENTS_TYPE)
                    .header(SESSION_HEADER, ticket.view().sessionId())
                    .header("Cache-Control", "no-cache")
                    .build();
        }
        TaskView done = tasks.run(command);
        failIfNotCompleted(done);
        return Response.ok(completion(done), MediaType.APPLICATION_JSON_TYPE)
                .header(SESSION_HEADER, done.sessionId())
                .build();
    }

    /** The task to run: a new session holding the request's history, or the session the header names. */
    private TaskCommand command(OpenAiWire.ChatRequest body, String sessionHeader) {
        String model = body.model() == null ? "" : body.model().strip();
        if (model.isEmpty()) {
            throw OpenAiError.of(400, "model: name an agent (GET /openai/v1/models), or auto", "model", null);
        }
        String agent = AUTO.equals(model) ? null : model;
        if (agent != null && agents.find(agent).isEmpty()) {
            throw OpenAiError.modelNotFound(model);
        }
        Conversation conversation = Conversation.of(body.messages());
        UUID sessionId = sessionHeader == null || sessionHeader.isBlank() ? null : session(sessionHeader);
        if (sessionId == null && !conversation.history().isEmpty()) {
            if (agent == null) {
                throw OpenAiError.of(
                        400,
                        "model auto takes one user message, or the X-Session-Id of a session to continue: "
                                + "a history needs its agent named",
                        "model",
                        null);
            }
            sessionId = sessionWithHistory(agent, conversation);
        }
        Integer maxTokens = body.maxCompletionTokens() != null ? body.maxCompletionTokens() : body.maxTokens();
        Map<String, Object> metadata = body.metadata();
        return new TaskCommand(
                agent,
                conversation.taskInput(),
                sessionId,
                null,
                maxTokens,
                body.temperature(),
                metadata,
                null,
                null,
                null);
    }

    private UUID session(String header) {
        try {
            UUID id = UUID.fromString(header.strip());
            if (sessions.find(id).isEmpty()) {
                throw OpenAiError.of(404, "No session " + id + " (" + SESSION_HEADER + ")", null, null);
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw OpenAiError.of(400, SESSION_HEADER + " must be a session id (a UUID)", null, null);
        }
    }

    /** A one-off session holding the turns the request carries before its last. */
    private UUID sessionWithHistory(String agent, Conversation conversation) {
        UUID id = sessions.create(new NewSession(agent, null, Map.of("via", "openai")))
                .id();
        for (Conversation.Turn turn : conversation.history()) {
            sessions.append(id, new NewMessage(turn.role(), turn.text(), null, null, null, null));
        }
        return id;
    }

    private void failIfNotCompleted(TaskView task) {
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
                409,
                "The task " + task.id() + " ended " + task.status().name().toLowerCase(java.util.Locale.ROOT),
                null,
                null);
    }

    private static OpenAiWire.ChatCompletion completion(TaskView t) {
        OpenAiWire.Usage usage = usage(
                t.usage() == null ? 0 : t.usage().inputTokens(),
                t.usage() == null ? 0 : t.usage().outputTokens());
        return new OpenAiWire.ChatCompletion(
                id(t.id()),
                "chat.completion",
                t.createdAt().getEpochSecond(),
                t.agent(),
                List.of(new OpenAiWire.Choice(
                        0, new OpenAiWire.OutMessage("assistant", t.output(), null), null, "stop")),
                usage);
    }

    private static OpenAiWire.Usage usage(long in, long out) {
        return new OpenAiWire.Usage(in, out, in + out);
    }

    private static String id(UUID taskId) {
        return "chatcmpl-" + taskId;
    }

    /**
     * Writes the task's events as OpenAI chunks: a first chunk with the role, one per delta, one with
     * the finish reason, the usage chunk when asked for, then {@code [DONE]}. A failed task ends with an
     * {@code error} object instead, as OpenAI's SDKs expect. A caller who closes the stream cancels
     * the task (OpenAI's SDKs stop a generation that way, and so does a chat UI's stop button), found at
     * the next event to write.
     */
    private void stream(TaskTicket ticket, boolean includeUsage, Frames os) throws IOException {
        TaskView first = ticket.view();
        long[] tokens = {0, 0};
        try {
            choice(os, first, new OpenAiWire.Delta("assistant", ""), null);
            for (TaskEvent event : tasks.events(ticket).subscribe().asIterable()) {
                switch (event.kind()) {
                    case DELTA ->
                        choice(
                                os,
                                first,
                                new OpenAiWire.Delta(
                                        null, String.valueOf(event.data().get("text"))),
                                null);
                    case USAGE -> {
                        tokens[0] = number(event.data().get("inputTokens"));
                        tokens[1] = number(event.data().get("outputTokens"));
                    }
                    case DONE -> {
                        choice(os, first, new OpenAiWire.Delta(null, null), "stop");
                        if (includeUsage) {
                            chunk(os, first, List.of(), usage(tokens[0], tokens[1]));
                        }
                        os.write("data: [DONE]\n\n");
                    }
                    case ERROR -> {
                        Object status = event.data().get("status");
                        OpenAiError error = OpenAiError.of(
                                status instanceof Number n ? n.intValue() : 500,
                                String.valueOf(event.data().getOrDefault("detail", "The task failed")),
                                null,
                                null);
                        os.write("data: " + json.writeValueAsString(error.body()) + "\n\n");
                    }
                    default -> {
                        // task events (the task as created or restarted) have no OpenAI counterpart
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException || e.getCause() instanceof IOException) {
                cancelQuietly(first.id());
                return;
            }
            throw e;
        }
    }

    private void cancelQuietly(UUID id) {
        try {
            tasks.cancel(id);
        } catch (ProblemException ended) {
            // it ended meanwhile: nothing to cancel
        } catch (RuntimeException e) {
            LOG.debugf(e, "Could not cancel task %s after its caller left", id);
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /**
     * The response's bytes. Writing to a response whose caller has gone does not fail, so each frame
     * checks the connection.
     */
    private record Frames(OutputStream os, HttpServerResponse response) {

        void write(String frame) throws IOException {
            if (response.closed()) {
                throw new IOException("The caller closed the stream");
            }
            os.write(frame.getBytes(StandardCharsets.UTF_8));
            os.flush();
        }
    }

    /** A chunk with the one choice OpenAI streams (index 0). */
    private void choice(Frames os, TaskView task, OpenAiWire.Delta delta, String finishReason) throws IOException {
        chunk(os, task, List.of(new OpenAiWire.ChunkChoice(0, delta, null, finishReason)), null);
    }

    private void chunk(Frames os, TaskView task, List<OpenAiWire.ChunkChoice> choices, OpenAiWire.Usage usage)
            throws IOException {
        OpenAiWire.Chunk chunk = new OpenAiWire.Chunk(
                id(task.id()),
                "chat.completion.chunk",
                task.createdAt().getEpochSecond(),
                task.agent(),
                choices,
                usage);
        try {
            os.write("data: " + json.writeValueAsString(chunk) + "\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a chunk", e);
        }
    }

    @ServerExceptionMapper
    Response openAiError(OpenAiError e) {
        Response.ResponseBuilder r = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(e.body());
        if (e.retryAfter() != null) {
            r.header("Retry-After", e.retryAfter());
        }
        return r.build();
    }

    @ServerExceptionMapper
    Response problem(ProblemException e) {
        return openAiError(OpenAiError.of(e));
    }
}
