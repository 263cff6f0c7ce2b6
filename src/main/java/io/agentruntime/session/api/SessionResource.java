package io.agentruntime.session.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.common.Cursors;
import io.agentruntime.common.Page;
import io.agentruntime.common.json.StrictJson;
import io.agentruntime.common.problem.Problem;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.common.problem.ProblemType;
import io.agentruntime.session.MessageView;
import io.agentruntime.session.NewSession;
import io.agentruntime.session.SessionPatch;
import io.agentruntime.session.SessionService;
import io.agentruntime.session.SessionView;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sessions over HTTP. JDBC blocks, so every method runs on a worker thread. Continuing a
 * conversation ({@code POST /v1/sessions/{id}/messages}) runs a task and lives with tasks.
 */
@Path("/v1/sessions")
@Tag(name = "Sessions", description = "Stored conversations and their messages")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
// Every operation can answer 400; those with their own 400 below describe it better.
@APIResponse(
        responseCode = "400",
        description = "A parameter or the body is invalid; `errors` names the field",
        content =
                @Content(
                        mediaType = Problem.MEDIA_TYPE,
                        schema = @Schema(implementation = Problem.class),
                        examples = {
                            @ExampleObject(name = "bad id", value = SessionResource.BAD_ID),
                            @ExampleObject(name = "bad cursor", value = SessionResource.BAD_CURSOR)
                        }))
public class SessionResource {

    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String METADATA_PREFIX = "metadata.";

    private final SessionService sessions;
    private final ObjectMapper json;
    private final Validator validator;

    SessionResource(SessionService sessions, ObjectMapper json, Validator validator) {
        this.sessions = sessions;
        this.json = json;
        this.validator = validator;
    }

    @GET
    @Operation(
            operationId = "listSessions",
            summary = "List sessions, newest first",
            description = "Filter by agent and by metadata: every `metadata=<key>:<value>` keeps the sessions whose "
                    + "metadata has that key with that string value (all must match; the key ends at the first "
                    + "`:`). The older form `metadata.<key>=<value>` works too. Page with `limit` and the "
                    + "`nextCursor` of the previous page.")
    @APIResponse(
            responseCode = "200",
            description = "One page of sessions",
            content = @Content(schema = @Schema(implementation = SessionPage.class)))
    public Page<Session> list(
            @Parameter(description = "Only sessions with this agent", example = "code-reviewer") @QueryParam("agent")
                    String agent,
            @Parameter(
                            description = "Page size, 1 to 100",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            defaultValue = "20",
                                            minimum = "1",
                                            maximum = "100"))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "`nextCursor` of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(
                            description = "Metadata filter `key:value`, repeatable (all must match)",
                            example = "team:payments",
                            explode = Explode.TRUE,
                            style = ParameterStyle.FORM)
                    @QueryParam("metadata")
                    List<String> metadata,
            @Context UriInfo uri) {
        Page<SessionView> page = sessions.list(agent, metadataFilters(metadata, uri), cursor, Cursors.limit(limit));
        return new Page<>(page.items().stream().map(Session::of).toList(), page.nextCursor());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(
            operationId = "createSession",
            summary = "Create a session",
            description = "A session can exist before its first task; the agent is checked when a task runs.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = CreateSession.class),
                            examples = @ExampleObject(name = "labelled", value = """
                    {"agent": "code-reviewer", "title": "Review of PR 42", "metadata": {"team": "payments"}}""")))
    @APIResponse(
            responseCode = "201",
            description = "Created; Location names it",
            content = @Content(schema = @Schema(implementation = Session.class)))
    @APIResponse(
            responseCode = "400",
            description = "Blank agent, too long a title or too much metadata",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "blank agent", value = """
                            {"type": "https://agent-runtime.dev/problems/validation", "title": "Invalid request",
                             "status": 400, "detail": "agent must not be blank", "instance": "/v1/sessions",
                             "errors": [{"field": "agent", "message": "must not be blank"}]}""")))
    public Response create(@NotNull @Valid CreateSession body, @Context UriInfo uri) {
        SessionView created = sessions.create(new NewSession(body.agent(), body.title(), body.metadata()));
        return Response.status(Response.Status.CREATED)
                .header("Location", location(created.id()))
                .entity(Session.of(created))
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getSession", summary = "Get a session")
    @APIResponse(
            responseCode = "200",
            description = "The session",
            content = @Content(schema = @Schema(implementation = Session.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such session, or it is another tenant's (the same answer)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            example = NOT_FOUND))
    public Session get(@Parameter(description = "Session id") @PathParam("id") String id) {
        UUID sessionId = Cursors.uuid("id", id);
        return sessions.find(sessionId).map(Session::of).orElseThrow(() -> notFound(sessionId));
    }

    @GET
    @Path("/{id}/messages")
    @Operation(operationId = "listSessionMessages", summary = "List a session's messages, oldest first")
    @APIResponse(
            responseCode = "200",
            description = "One page of messages",
            content = @Content(schema = @Schema(implementation = MessagePage.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such session, or it is another tenant's (the same answer)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            example = NOT_FOUND))
    public Page<Message> messages(
            @Parameter(description = "Session id") @PathParam("id") String id,
            @Parameter(
                            description = "Page size, 1 to 100",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            defaultValue = "20",
                                            minimum = "1",
                                            maximum = "100"))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "`nextCursor` of the previous page") @QueryParam("cursor") String cursor) {
        Page<MessageView> page = sessions.messages(Cursors.uuid("id", id), cursor, Cursors.limit(limit));
        return new Page<>(page.items().stream().map(Message::of).toList(), page.nextCursor());
    }

    @POST
    @Path("/{id}/fork")
    @Operation(
            operationId = "forkSession",
            summary = "Fork a session",
            description = "A new session with the same agent and metadata and copies of the messages up to and "
                    + "including `messageId` (all of them when the body or `messageId` is absent).")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ForkSession.class),
                            examples = @ExampleObject(name = "up to a message", value = """
                    {"messageId": "01980f3c-6b10-7e2a-8d55-2c9f3a4b5d66"}""")))
    @APIResponse(
            responseCode = "201",
            description = "The fork; Location names it",
            content = @Content(schema = @Schema(implementation = Session.class)))
    @APIResponse(
            responseCode = "400",
            description = "Bad id, or messageId is not a message of this session",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "foreign message", value = """
                            {"type": "https://agent-runtime.dev/problems/validation", "title": "Invalid request",
                             "status": 400, "detail": "messageId: is not a message of session 01980f3c-5a2e-7b3d-9c41-6f0e2a1b7c55",
                             "instance": "/v1/sessions/01980f3c-5a2e-7b3d-9c41-6f0e2a1b7c55/fork",
                             "errors": [{"field": "messageId", "message": "is not a message of session 01980f3c-5a2e-7b3d-9c41-6f0e2a1b7c55"}]}""")))
    @APIResponse(
            responseCode = "404",
            description = "No such session, or it is another tenant's (the same answer)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            example = NOT_FOUND))
    public Response fork(
            @Parameter(description = "Session id") @PathParam("id") String id, String body, @Context UriInfo uri)
            throws JsonProcessingException {
        UUID sessionId = Cursors.uuid("id", id);
        // Read by hand so that a bare POST, without a body or a Content-Type, forks everything.
        ForkSession request = body == null || body.isBlank() ? null : StrictJson.read(json, body, ForkSession.class);
        SessionView fork = sessions.fork(sessionId, request == null ? null : request.messageId());
        return Response.status(Response.Status.CREATED)
                .header("Location", location(fork.id()))
                .entity(Session.of(fork))
                .build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @Operation(operationId = "updateSession", summary = "Update a session's title and metadata (JSON Merge Patch)")
    @RequestBody(
            required = true,
            content = {
                @Content(
                        mediaType = MERGE_PATCH,
                        schema = @Schema(implementation = UpdateSession.class),
                        examples = @ExampleObject(name = "close a ticket", value = PATCH_EXAMPLE)),
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = UpdateSession.class),
                        examples = @ExampleObject(name = "close a ticket", value = PATCH_EXAMPLE))
            })
    @APIResponse(
            responseCode = "200",
            description = "The updated session",
            content = @Content(schema = @Schema(implementation = Session.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such session, or it is another tenant's (the same answer)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            example = NOT_FOUND))
    public Session update(@Parameter(description = "Session id") @PathParam("id") String id, String body)
            throws JsonProcessingException {
        UUID sessionId = Cursors.uuid("id", id);
        // Read by hand: merge patch tells "absent" (keep) from null (clear), which a record cannot.
        JsonNode node = body == null || body.isBlank() ? null : StrictJson.readTree(json, body);
        if (node == null || !node.isObject()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The body must be a JSON object (a merge patch)");
        }
        UpdateSession patch = StrictJson.convert(json, node, UpdateSession.class);
        Set<ConstraintViolation<UpdateSession>> violations = validator.validate(patch);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return Session.of(sessions.patch(
                sessionId,
                new SessionPatch(
                        patch.title(),
                        node.path("title").isNull(),
                        patch.metadata(),
                        node.path("metadata").isNull())));
    }

    @DELETE
    @Path("/{id}")
    // A 204 has no body, so no Accept can fail it; a 404 is a problem whatever was asked for.
    @Produces(MediaType.WILDCARD)
    @Operation(operationId = "deleteSession", summary = "Delete a session and its messages")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(
            responseCode = "404",
            description = "No such session, or it is another tenant's (the same answer)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            example = NOT_FOUND))
    public Response delete(@Parameter(description = "Session id") @PathParam("id") String id) {
        UUID sessionId = Cursors.uuid("id", id);
        if (!sessions.delete(sessionId)) {
            throw notFound(sessionId);
        }
        return Response.noContent().build();
    }

    /**
     * {@code ?metadata=team:payments&metadata=env:prod}, or the older {@code ?metadata.team=payments}
     * (which no generated client can send: its name is not fixed) -> {team=payments, env=prod}.
     */
    private static Map<String, String> metadataFilters(List<String> pairs, UriInfo uri) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw ProblemException.badField("metadata", "must be key:value, e.g. team:payments");
            }
            String key = pair.substring(0, colon);
            if (filters.put(key, pair.substring(colon + 1)) != null) {
                throw ProblemException.badField("metadata", "names the key '" + key + "' more than once");
            }
        }
        uri.getQueryParameters().forEach((name, values) -> {
            if (!name.startsWith(METADATA_PREFIX)) {
                return;
            }
            String key = name.substring(METADATA_PREFIX.length());
            if (key.isEmpty()) {
                throw ProblemException.badField(name, "needs a key after 'metadata.'");
            }
            if (values.size() != 1 || filters.containsKey(key)) {
                throw ProblemException.badField(name, "must be given once");
            }
            filters.put(key, values.get(0));
        });
        return filters;
    }

    /** Relative, never built from the Host header, which the caller controls (see README, conventions). */
    private static String location(UUID id) {
        return "/v1/sessions/" + id;
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No session " + id);
    }

    /** Page schemas for the OpenAPI document: a generic {@code Page<T>} would lose its item type. */
    @Schema(name = "SessionPage", requiredProperties = "items")
    record SessionPage(
            List<Session> items,
            @Schema(description = "Absent on the last page") String nextCursor) {}

    @Schema(name = "MessagePage", requiredProperties = "items")
    record MessagePage(
            List<Message> items,
            @Schema(description = "Absent on the last page") String nextCursor) {}

    private static final String PATCH_EXAMPLE = """
            {"title": "Review of PR 42 (done)", "metadata": {"status": "done", "ticket": null}}""";
    static final String BAD_ID = """
            {"type": "https://agent-runtime.dev/problems/validation", "title": "Invalid request", "status": 400,
             "detail": "id: is not a UUID", "instance": "/v1/sessions/42",
             "errors": [{"field": "id", "message": "is not a UUID"}]}""";
    static final String BAD_CURSOR = """
            {"type": "https://agent-runtime.dev/problems/validation", "title": "Invalid request", "status": 400,
             "detail": "cursor: is not a cursor this list issued", "instance": "/v1/sessions",
             "errors": [{"field": "cursor", "message": "is not a cursor this list issued"}]}""";
    private static final String NOT_FOUND = """
            {"type": "https://agent-runtime.dev/problems/not-found", "title": "Not found", "status": 404,
             "detail": "No session 01980f3c-5a2e-7b3d-9c41-6f0e2a1b7c55",
             "instance": "/v1/sessions/01980f3c-5a2e-7b3d-9c41-6f0e2a1b7c55"}""";
}
