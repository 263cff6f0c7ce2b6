package io.agentruntime.task.api;

import io.agentruntime.common.Cursors;
import io.agentruntime.common.Page;
import io.agentruntime.common.problem.Problem;
import io.agentruntime.task.TaskProblem;
import io.agentruntime.task.TaskService;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskView;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Tasks over HTTP: a thin mapping onto {@link TaskService}. Calls that wait on a provider run on
 * virtual threads; the streams hold no thread while they wait.
 */
@Path("/v1/tasks")
@Tag(name = "Tasks", description = "Run an agent on an input: blocking, in the background, or streamed")
public class TaskResource {

    static final String SSE_EXAMPLE = """
            id: 1
            event: task
            data: {"id":"01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e","status":"running","agent":"code-reviewer"}

            id: 2
            event: delta
            data: {"text":"The query concatenates "}

            id: 3
            event: delta
            data: {"text":"user input..."}

            : keepalive

            id: 4
            event: usage
            data: {"inputTokens":412,"outputTokens":96}

            id: 5
            event: done
            data: {"id":"01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e","status":"completed","output":"The query concatenates user input..."}
            """;
    /** The stream is text to read event by event, not a JSON document: generators must not parse it as one. */
    static final String SSE_SCHEMA = "A text/event-stream (not JSON): messages of id:, event: (task, delta, usage, "
            + "done, error) and one data: line holding a JSON object, separated by blank lines; lines starting "
            + "with ':' are keep-alive comments";

    static final String TASK_EXAMPLE = """
            {"id":"01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e","sessionId":"01936d3e-8f5a-7b2c-9d4e-000000000001",
             "agent":"code-reviewer","model":"claude-sonnet-4-5","provider":"anthropic","status":"completed",
             "mode":"blocking","input":"Review this function for SQL injection: ...",
             "output":"The query concatenates user input...","usage":{"inputTokens":412,"outputTokens":96},
             "attempts":1,"createdAt":"2026-11-26T04:05:06.789Z","startedAt":"2026-11-26T04:05:06.791Z",
             "finishedAt":"2026-11-26T04:05:09.012Z","durationMs":2221,"providerMs":2207}""";
    static final String REQUEST_EXAMPLE = """
            {"agent":"code-reviewer","input":"Review this function for SQL injection: ...","maxTokens":1024}""";

    private final TaskService tasks;
    private final TaskResponses responses;

    TaskResource(TaskService tasks, TaskResponses responses) {
        this.tasks = tasks;
        this.responses = responses;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(
            operationId = "createTask",
            summary = "Run a task",
            description =
                    "Blocking by default: 200 with the finished task. With \"background\": true or "
                            + "Prefer: respond-async: 202 with Location, run by a worker; poll GET /v1/tasks/{id} or follow "
                            + "GET /v1/tasks/{id}/events. For the task's events as Server-Sent Events use createTaskStream "
                            + "(POST /v1/tasks/stream; Accept: text/event-stream here does the same). Without \"agent\" "
                            + "the lookup chooses one and \"lookup\" says why. Without \"sessionId\" a new session is created. "
                            + "A second task for a busy session is queued behind the first (ifBusy: enqueue) or refused (reject). "
                            + "A retry with the same Idempotency-Key and body returns the same task and never calls the provider twice.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskRequest.class),
                            examples = {
                                @ExampleObject(name = "named agent", value = REQUEST_EXAMPLE),
                                @ExampleObject(
                                        name = "agent chosen by lookup, in the background",
                                        value =
                                                "{\"input\":\"Why is this PostgreSQL query slow?\",\"background\":true}"),
                                @ExampleObject(
                                        name = "continue a session",
                                        value =
                                                "{\"sessionId\":\"01936d3e-8f5a-7b2c-9d4e-000000000001\",\"input\":\"And the index?\"}")
                            }))
    @APIResponse(
            responseCode = "200",
            description = "The finished task (blocking)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskView.class),
                            examples = @ExampleObject(name = "completed", value = TASK_EXAMPLE)))
    @APIResponse(
            responseCode = "202",
            description = "Queued for a worker (background)",
            headers = {
                @Header(name = "Location", description = "The task", schema = @Schema(type = SchemaType.STRING)),
                @Header(
                        name = "Retry-After",
                        description = "Seconds before polling",
                        schema = @Schema(type = SchemaType.INTEGER)),
                @Header(
                        name = "Preference-Applied",
                        description = "respond-async, when asked by Prefer",
                        schema = @Schema(type = SchemaType.STRING))
            },
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)))
    @APIResponse(
            responseCode = "400",
            description = "Bad body: blank input, bad maxTokens/temperature/ifBusy, malformed JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such agent or session (another tenant's session is no such session)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The session is busy and ifBusy is reject",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "No agent matches the input, or the Idempotency-Key was used with another body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "502",
            description = "The model provider failed; the task is failed (taskId, providerRequestId)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = TaskProblem.class)))
    @APIResponse(
            responseCode = "429",
            description = TaskResponses.LIMITED,
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds to wait",
                            schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "No provider configured for the model (names the setting), or the provider is unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = TaskProblem.class)))
    @APIResponse(
            responseCode = "504",
            description = "The model provider timed out; the task is failed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = TaskProblem.class)))
    public Response create(
            @Valid @NotNull TaskRequest body,
            @Parameter(description = "respond-async runs the task in the background") @HeaderParam("Prefer")
                    String prefer,
            @Parameter(description = "Makes retries safe: same key and body, same task (kept 24 h)")
                    @HeaderParam(TaskResponses.IDEMPOTENCY_KEY)
                    String idempotencyKey,
            @Context HttpServerRequest request) {
        boolean preferAsync = TaskResponses.prefersAsync(prefer);
        return responses.start(
                body.toCommand(idempotencyKey),
                Boolean.TRUE.equals(body.background()) || preferAsync,
                preferAsync,
                request);
    }

    /** {@code Accept: text/event-stream} on the create path: the same as {@link #createStream}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> createStreamed(
            @Valid @NotNull TaskRequest body,
            @HeaderParam(TaskResponses.IDEMPOTENCY_KEY) String idempotencyKey,
            @Context Sse sse,
            @Context HttpServerResponse response) {
        return responses.stream(body.toCommand(idempotencyKey), Boolean.TRUE.equals(body.background()), sse, response);
    }

    /**
     * Creating a task as a stream, as an operation of its own: an OpenAPI operation cannot be chosen
     * by the Accept header, so generated clients could not ask for the stream on POST /v1/tasks.
     */
    @POST
    @Path("/stream")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(
            operationId = "createTaskStream",
            summary = "Run a task and stream its events (Server-Sent Events)",
            description = "Same body as createTask. The answer is the task's events as Server-Sent Events: task, "
                    + "delta, usage, then done or error, each with an id for Last-Event-ID (resume with "
                    + "streamTaskEvents). A bad request is answered with a problem before the stream starts.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskRequest.class),
                            examples = @ExampleObject(name = "named agent", value = REQUEST_EXAMPLE)))
    @APIResponse(
            responseCode = "200",
            description = "The task's events, one per SSE message; the stream ends after done or error",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(type = SchemaType.STRING, description = SSE_SCHEMA),
                            examples = @ExampleObject(name = "stream", value = SSE_EXAMPLE)))
    @APIResponse(
            responseCode = "400",
            description = "Bad body: blank input, bad maxTokens/temperature/ifBusy, malformed JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such agent or session (another tenant's session is no such session)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The session is busy and ifBusy is reject",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "No agent matches the input, or the Idempotency-Key was used with another body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "429",
            description = TaskResponses.LIMITED,
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds to wait",
                            schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "No provider configured for the model (names the setting)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = TaskProblem.class)))
    public Multi<OutboundSseEvent> createStream(
            @Valid @NotNull TaskRequest body,
            @Parameter(description = "Makes retries safe: same key and body, same task (kept 24 h)")
                    @HeaderParam(TaskResponses.IDEMPOTENCY_KEY)
                    String idempotencyKey,
            @Context Sse sse,
            @Context HttpServerResponse response) {
        return createStreamed(body, idempotencyKey, sse, response);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getTask", summary = "A task: status, output, usage, error, timings")
    @APIResponse(
            responseCode = "200",
            description = "The task",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskView.class),
                            examples = @ExampleObject(name = "completed", value = TASK_EXAMPLE)))
    @APIResponse(
            responseCode = "400",
            description = "The id is not a UUID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such task, or it is another tenant's (the same answer)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TaskView get(
            @Parameter(description = "The task's id", example = "01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e") @PathParam("id")
                    String id) {
        return tasks.get(TaskResponses.uuid("id", id));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listTasks", summary = "Tasks, newest first, with filters and cursor pagination")
    @APIResponse(
            responseCode = "200",
            description = "One page; nextCursor is absent on the last one",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskPage.class),
                            examples =
                                    @ExampleObject(
                                            name = "page",
                                            value = "{\"items\":[" + TASK_EXAMPLE
                                                    + "],\"nextCursor\":\"dDowMTkzNmQzZS04ZjVh\"}")))
    @APIResponse(
            responseCode = "400",
            description = "A bad filter, limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<TaskView> list(
            @Parameter(description = "Only this session's tasks") @QueryParam("sessionId") String sessionId,
            @Parameter(description = "Only this agent's tasks", example = "code-reviewer") @QueryParam("agent")
                    String agent,
            @Parameter(
                            description = "Only tasks in this status",
                            schema = @Schema(enumeration = {"queued", "running", "completed", "failed", "canceled"}))
                    @QueryParam("status")
                    String status,
            @Parameter(description = "Page size, 1 to 100 (default 20)") @QueryParam("limit") Integer limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return tasks.list(
                TaskResponses.uuid("sessionId", sessionId),
                agent,
                status == null ? null : TaskStatus.parse("status", status),
                cursor,
                Cursors.limit(limit));
    }

    @POST
    @Path("/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(
            operationId = "cancelTask",
            summary = "Cancel a queued or running task",
            description = "Stops the provider call (on whichever replica runs it); the partial output is kept and the "
                    + "status becomes canceled. Waits a few seconds for the task to stop: 200 when it has, 202 (with "
                    + "cancelRequested) when it is still stopping.")
    @APIResponse(
            responseCode = "200",
            description = "The canceled task",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)))
    @APIResponse(
            responseCode = "202",
            description = "Cancel requested; the task is still stopping",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)))
    @APIResponse(
            responseCode = "400",
            description = "The id is not a UUID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such task, or it is another tenant's (the same answer)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The task has already ended",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(@PathParam("id") String id) {
        TaskView view = tasks.cancel(TaskResponses.uuid("id", id));
        return Response.status(view.status().terminal() ? 200 : 202)
                .entity(view)
                .build();
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(
            operationId = "streamTaskEvents",
            summary = "Replay and follow a task's events (Server-Sent Events)",
            description = "Sends the stored events after Last-Event-ID (header, or ?lastEventId=), then the live ones "
                    + "until the task's last event (done or error), with a keep-alive comment every 15 s. Works on any "
                    + "replica, whichever runs the task. A second task event means the task was started again after "
                    + "its replica stopped: the text starts over.")
    @APIResponse(
            responseCode = "200",
            description = "The event stream",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(type = SchemaType.STRING, description = SSE_SCHEMA),
                            examples = @ExampleObject(name = "stream", value = SSE_EXAMPLE)))
    @APIResponse(
            responseCode = "400",
            description = "The id is not a UUID, or Last-Event-ID is not an event id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such task, or it is another tenant's (the same answer)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> events(
            @PathParam("id") String id,
            @Parameter(in = ParameterIn.HEADER, description = "Resume after this event id")
                    @HeaderParam(TaskResponses.LAST_EVENT_ID)
                    String lastEventId,
            @Parameter(description = "Resume after this event id (for clients that cannot set the header)")
                    @QueryParam("lastEventId")
                    String lastEventIdParam,
            @Context Sse sse) {
        long after = TaskResponses.lastEventId(lastEventId, lastEventIdParam);
        return responses.sse(tasks.events(TaskResponses.uuid("id", id), after), sse);
    }

    /** For the OpenAPI document: the generic Page with its item type spelled out. */
    @Schema(name = "TaskPage", requiredProperties = "items")
    record TaskPage(java.util.List<TaskView> items, String nextCursor) {}
}
