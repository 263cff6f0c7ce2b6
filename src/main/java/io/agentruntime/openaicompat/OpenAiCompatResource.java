package io.agentruntime.openaicompat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.common.problem.Problem;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.common.problem.ProblemMappers;
import io.agentruntime.task.TaskCommand;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskMode;
import io.agentruntime.task.TaskService;
import io.agentruntime.task.TaskTicket;
import io.agentruntime.task.TaskView;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * OpenAI's API as a way in: every agent is a model. Chat Completions run a task with the agent the
 * {@code model} names ({@code auto}: the lookup chooses), whole or streamed exactly as OpenAI streams;
 * so do Responses ({@link OpenAiResponses}). Failures, refused credentials and unreadable bodies
 * included, come in OpenAI's error shape, so OpenAI's SDKs, gateways and chat UIs work unedited.
 *
 * <p>Its operations are left out of this service's OpenAPI document: their contract is OpenAI's API
 * (snake_case, OpenAI's error objects, its paths), which clients reach through OpenAI's SDKs, not
 * through clients generated from our document (docs/clients.md).
 */
@Path("/openai/v1")
public class OpenAiCompatResource {

    private static final ProblemMappers PROBLEMS = new ProblemMappers();

    /** Continues a session: only the last user message is sent on; the history is the session's. */
    static final String SESSION_HEADER = "X-Session-Id";

    private static final String OWNED_BY = "agent-runtime";

    private final TaskService tasks;
    private final AgentCatalog agents;
    private final OpenAiTasks support;
    private final OpenAiResponses responses;
    private final ObjectMapper json;

    OpenAiCompatResource(
            TaskService tasks, AgentCatalog agents, OpenAiTasks support, OpenAiResponses responses, ObjectMapper json) {
        this.tasks = tasks;
        this.agents = agents;
        this.support = support;
        this.responses = responses;
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
            StreamingOutput out = os -> stream(ticket, usage, new OpenAiTasks.Frames(os, response));
            return sse(out).header(SESSION_HEADER, ticket.view().sessionId()).build();
        }
        TaskView done = tasks.run(command);
        OpenAiTasks.failIfNotCompleted(done);
        return Response.ok(completion(done), MediaType.APPLICATION_JSON_TYPE)
                .header(SESSION_HEADER, done.sessionId())
                .build();
    }

    @POST
    @Path("/responses")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    @RunOnVirtualThread
    @Operation(hidden = true)
    public Response createResponse(ResponsesWire.CreateResponse body, @Context HttpServerResponse response) {
        if (body == null) {
            throw OpenAiError.of(400, "The request body must be a response request", null, null);
        }
        TaskCommand command = responses.command(body);
        boolean stream = Boolean.TRUE.equals(body.stream());
        OpenAiResponses.Echo echo = new OpenAiResponses.Echo(
                body.instructions(), body.previousResponseId(), !stream && Boolean.TRUE.equals(body.background()));
        if (stream) {
            TaskTicket ticket = tasks.admit(command, TaskMode.STREAM);
            return sse(os -> responses.stream(ticket, echo, new OpenAiTasks.Frames(os, response)))
                    .build();
        }
        return Response.ok(responses.create(command, echo), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** A response as it is now: a background one while it runs, any other afterwards. */
    @GET
    @Path("/responses/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(hidden = true)
    public ResponsesWire.Response response(@PathParam("id") String id) {
        return responses.response(responses.find(id, null), OpenAiResponses.Echo.NONE);
    }

    @POST
    @Path("/responses/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(hidden = true)
    public ResponsesWire.Response cancelResponse(@PathParam("id") String id) {
        return responses.cancel(id);
    }

    private static Response.ResponseBuilder sse(StreamingOutput out) {
        return Response.ok(out, MediaType.SERVER_SENT_EVENTS_TYPE).header("Cache-Control", "no-cache");
    }

    /** The task to run: a new session holding the request's history, or the session the header names. */
    private TaskCommand command(OpenAiWire.ChatRequest body, String sessionHeader) {
        String agent = support.agent(body.model());
        Conversation conversation = Conversation.of(body.messages());
        // Continuing, the session holds the history: the messages resent before the last are not stored again.
        UUID sessionId = sessionHeader == null || sessionHeader.isBlank()
                ? support.sessionFor(agent, null, conversation)
                : support.session(sessionHeader, SESSION_HEADER);
        Integer maxTokens = body.maxCompletionTokens() != null ? body.maxCompletionTokens() : body.maxTokens();
        return new TaskCommand(
                agent,
                conversation.taskInput(),
                sessionId,
                null,
                maxTokens,
                body.temperature(),
                body.metadata(),
                null,
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
    private void stream(TaskTicket ticket, boolean includeUsage, OpenAiTasks.Frames os) throws IOException {
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
                        tokens[0] = OpenAiTasks.number(event.data().get("inputTokens"));
                        tokens[1] = OpenAiTasks.number(event.data().get("outputTokens"));
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
            if (OpenAiTasks.callerLeft(e)) {
                support.cancelQuietly(first.id());
                return;
            }
            throw e;
        }
    }

    /** A chunk with the one choice OpenAI streams (index 0). */
    private void choice(OpenAiTasks.Frames os, TaskView task, OpenAiWire.Delta delta, String finishReason)
            throws IOException {
        chunk(os, task, List.of(new OpenAiWire.ChunkChoice(0, delta, null, finishReason)), null);
    }

    private void chunk(
            OpenAiTasks.Frames os, TaskView task, List<OpenAiWire.ChunkChoice> choices, OpenAiWire.Usage usage)
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
        if (e.status() == 401) {
            r.header("WWW-Authenticate", "Bearer");
        }
        return r.build();
    }

    @ServerExceptionMapper
    Response problem(ProblemException e) {
        return openAiError(OpenAiError.of(e));
    }

    // Refusals that reach this class before or around its methods: answered in OpenAI's shape too, so
    // that OpenAI's SDKs raise their typed errors (AuthenticationError, BadRequestError...).

    @ServerExceptionMapper
    Response unauthenticated(UnauthorizedException e) {
        return openAiError(OpenAiError.unauthenticated(false));
    }

    @ServerExceptionMapper
    Response badCredentials(AuthenticationFailedException e) {
        return openAiError(OpenAiError.unauthenticated(true));
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException e) {
        return openAiError(OpenAiError.of(403, "The API key's role does not allow this request", null, null));
    }

    @ServerExceptionMapper
    Response webApplication(WebApplicationException e, UriInfo uri, HttpServerRequest request) {
        return inOpenAiShape(PROBLEMS.webApplication(e, uri, request));
    }

    @ServerExceptionMapper
    Response unreadableJson(JsonProcessingException e, UriInfo uri, HttpServerRequest request) {
        return inOpenAiShape(PROBLEMS.unreadableJson(e, uri, request));
    }

    @ServerExceptionMapper
    Response mismatchedInput(MismatchedInputException e, UriInfo uri, HttpServerRequest request) {
        return inOpenAiShape(PROBLEMS.unreadableJson(e, uri, request));
    }

    /** The service's own words for a bad body or request (ProblemMappers), in OpenAI's shape. */
    private Response inOpenAiShape(Response problem) {
        if (!(problem.getEntity() instanceof Problem p)) {
            return problem;
        }
        String param = p.errors() == null || p.errors().isEmpty()
                ? null
                : p.errors().getFirst().field();
        Response answer = openAiError(
                OpenAiError.of(problem.getStatus(), p.detail(), param, problem.getHeaderString("Retry-After")));
        String allow = problem.getHeaderString("Allow");
        return allow == null
                ? answer
                : Response.fromResponse(answer).header("Allow", allow).build();
    }
}
