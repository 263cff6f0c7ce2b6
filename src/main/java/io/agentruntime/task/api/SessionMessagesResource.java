package io.agentruntime.task.api;

import io.agentruntime.common.problem.Problem;
import io.agentruntime.task.TaskProblem;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
 * Continuing a conversation: the next turn of a session is a task in it, run with the session's
 * agent. (Reading the messages is the sessions API's GET on the same path.)
 */
@Path("/v1/sessions/{id}/messages")
@Tag(name = "Sessions")
public class SessionMessagesResource {

    private final TaskResponses responses;

    SessionMessagesResource(TaskResponses responses) {
        this.responses = responses;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(
            operationId = "continueSession",
            summary = "Continue a session: run the next turn as a task",
            description =
                    "Sends the previous turns (oldest first, within the history budget) with the agent's system "
                            + "prompt and the new input. Blocking, background (\"background\": true or Prefer: respond-async) or "
                            + "streamed (continueSessionStream, or Accept: text/event-stream here) exactly like POST /v1/tasks.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ContinueRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "next turn",
                                            value = "{\"input\":\"And how would you fix it?\"}")))
    @APIResponse(
            responseCode = "200",
            description = "The finished task (blocking)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskView.class),
                            examples = @ExampleObject(name = "completed", value = TaskResource.TASK_EXAMPLE)))
    @APIResponse(
            responseCode = "202",
            description = "Queued for a worker (background)",
            headers = @Header(name = "Location", description = "The task", schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)))
    @APIResponse(
            responseCode = "400",
            description = "Bad body or session id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such session, or it is another tenant's (the same answer), or its agent is gone",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The session is busy and ifBusy is reject",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "502",
            description = "The model provider failed; the task is failed",
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
            description = "No provider configured for the model, or the provider is unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = TaskProblem.class)))
    public Response continueSession(
            @Parameter(description = "The session", example = "01936d3e-8f5a-7b2c-9d4e-000000000001") @PathParam("id")
                    String id,
            @Valid @NotNull ContinueRequest body,
            @Parameter(description = "respond-async runs the task in the background") @HeaderParam("Prefer")
                    String prefer,
            @Parameter(description = "Makes retries safe: same key and body, same task (kept 24 h)")
                    @HeaderParam(TaskResponses.IDEMPOTENCY_KEY)
                    String idempotencyKey,
            @Context HttpServerRequest request) {
        boolean preferAsync = TaskResponses.prefersAsync(prefer);
        return responses.start(
                body.toCommand(TaskResponses.uuid("id", id), idempotencyKey),
                Boolean.TRUE.equals(body.background()) || preferAsync,
                preferAsync,
                request);
    }

    /** The next turn as a stream, as an operation of its own (see TaskResource#createStream for why). */
    @POST
    @Path("/stream")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(
            operationId = "continueSessionStream",
            summary = "Continue a session and stream the turn's events (Server-Sent Events)",
            description = "Same body as continueSession; the answer is the task's events like createTaskStream.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ContinueRequest.class)))
    @APIResponse(
            responseCode = "200",
            description = "The task's events; the stream ends after done or error",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(type = SchemaType.STRING, description = TaskResource.SSE_SCHEMA),
                            examples = @ExampleObject(name = "stream", value = TaskResource.SSE_EXAMPLE)))
    @APIResponse(
            responseCode = "400",
            description = "Bad body or session id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such session, or it is another tenant's (the same answer), or its agent is gone",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The session is busy and ifBusy is reject",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> continueStream(
            @Parameter(description = "The session") @PathParam("id") String id,
            @Valid @NotNull ContinueRequest body,
            @HeaderParam(TaskResponses.IDEMPOTENCY_KEY) String idempotencyKey,
            @Context Sse sse,
            @Context HttpServerResponse response) {
        return continueStreamed(id, body, idempotencyKey, sse, response);
    }

    /** {@code Accept: text/event-stream} on the continue path: the same as {@link #continueStream}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> continueStreamed(
            @PathParam("id") String id,
            @Valid @NotNull ContinueRequest body,
            @HeaderParam(TaskResponses.IDEMPOTENCY_KEY) String idempotencyKey,
            @Context Sse sse,
            @Context HttpServerResponse response) {
        return responses.stream(
                body.toCommand(TaskResponses.uuid("id", id), idempotencyKey),
                Boolean.TRUE.equals(body.background()),
                sse,
                response);
    }
}
