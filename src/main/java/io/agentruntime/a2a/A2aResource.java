package io.agentruntime.a2a;

import io.agentruntime.agent.AgentCatalog;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A2A 1.0 as a way in: every agent is an A2A agent at {@code /a2a/{agent}} (and {@code /a2a/auto} is the
 * service, the lookup choosing), with its card, JSON-RPC (a POST to that URL) and HTTP+JSON (the paths
 * under it). The routes only route: {@link A2aJsonRpc} and {@link A2aRest} speak the bindings, {@link
 * A2aOperations} maps them onto the task and session services.
 *
 * <p>The operations need the credentials of /v1 (the default role, caller); the cards are public, as
 * discovery needs. They are left out of this service's OpenAPI document: their contract is A2A's
 * specification, which clients reach through A2A SDKs (docs/a2a.md).
 */
@Path("/a2a")
public class A2aResource {

    private final A2aJsonRpc jsonRpc;
    private final A2aRest rest;
    private final A2aCards cards;
    private final AgentCatalog agents;

    A2aResource(A2aJsonRpc jsonRpc, A2aRest rest, A2aCards cards, AgentCatalog agents) {
        this.jsonRpc = jsonRpc;
        this.rest = rest;
        this.cards = cards;
        this.agents = agents;
    }

    @GET
    @Path("/{agent}/.well-known/agent-card.json")
    @PermitAll
    @Operation(hidden = true)
    public Response card(@PathParam("agent") String agent, @Context UriInfo uri) {
        if (A2aOperations.AUTO.equals(agent)) {
            return json(cards.service(uri.getBaseUri()));
        }
        return agents.find(agent)
                .map(a -> json(cards.agent(a, uri.getBaseUri())))
                .orElseGet(() -> rest.error(A2aError.of(
                        A2aError.Kind.NO_SUCH_AGENT,
                        "No agent named '" + agent + "' here: /.well-known/agent-card.json names them")));
    }

    @POST
    @Path("/{agent}")
    @RunOnVirtualThread
    @Operation(hidden = true)
    public Response jsonRpc(
            @PathParam("agent") String agent,
            String body,
            @BeanParam A2aVersion.Given version,
            @Context HttpServerResponse http) {
        return jsonRpc.call(agent, body, version, http);
    }

    /**
     * {@code POST /message:send} and {@code POST /message:stream}: one template, as a literal colon in a
     * path template is not matched.
     */
    @POST
    @Path("/{agent}/{operation}")
    @RunOnVirtualThread
    @Operation(hidden = true)
    public Response message(
            @PathParam("agent") String agent,
            @PathParam("operation") String operation,
            String body,
            @BeanParam A2aVersion.Given version,
            @Context HttpServerResponse http) {
        return rest(version, () -> switch (operation) {
            case "message:send" -> rest.send(agent, body);
            case "message:stream" -> rest.stream(agent, body, http);
            default -> throw A2aError.of(A2aError.Kind.METHOD_NOT_FOUND, "POST /message:send or /message:stream");
        });
    }

    @GET
    @Path("/{agent}/tasks")
    @RunOnVirtualThread
    @Operation(hidden = true)
    public Response list(
            @PathParam("agent") String agent,
            @QueryParam("contextId") String contextId,
            @QueryParam("status") String status,
            @QueryParam("pageSize") String pageSize,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("historyLength") String historyLength,
            @QueryParam("includeArtifacts") String includeArtifacts,
            @BeanParam A2aVersion.Given version) {
        return rest(
                version,
                () -> rest.list(
                        agent,
                        new A2aWire.ListTasksRequest(
                                contextId,
                                status,
                                integer("pageSize", pageSize),
                                pageToken,
                                integer("historyLength", historyLength),
                                includeArtifacts == null ? null : Boolean.parseBoolean(includeArtifacts))));
    }

    /** GetTask; also SubscribeToTask as the proto's HTTP rule has it ({@code GET /tasks/{id}:subscribe}). */
    @GET
    @Path("/{agent}/tasks/{id}")
    @RunOnVirtualThread
    @Operation(hidden = true)
    public Response get(
            @PathParam("agent") String agent,
            @PathParam("id") String id,
            @BeanParam A2aVersion.Given version,
            @Context HttpServerResponse http) {
        return rest(
                version,
                () -> id.endsWith(SUBSCRIBE) ? rest.subscribe(agent, strip(id, SUBSCRIBE), http) : rest.get(agent, id));
    }

    /** {@code POST /tasks/{id}:cancel} and {@code POST /tasks/{id}:subscribe} (the specification's table). */
    @POST
    @Path("/{agent}/tasks/{id}")
    @RunOnVirtualThread
    @Operation(hidden = true)
    public Response taskAction(
            @PathParam("agent") String agent,
            @PathParam("id") String id,
            @BeanParam A2aVersion.Given version,
            @Context HttpServerResponse http) {
        return rest(version, () -> {
            if (id.endsWith(CANCEL)) {
                return rest.cancel(agent, strip(id, CANCEL));
            }
            if (id.endsWith(SUBSCRIBE)) {
                return rest.subscribe(agent, strip(id, SUBSCRIBE), http);
            }
            throw A2aError.of(A2aError.Kind.METHOD_NOT_FOUND, "POST /tasks/{id}:cancel or :subscribe");
        });
    }

    /** Push notification configs, listed or one: not supported. */
    @GET
    @Path("/{agent}/tasks/{id}/pushNotificationConfigs{config: (/[^/]+)?}")
    @Operation(hidden = true)
    public Response readPushConfigs() {
        return noPush();
    }

    @POST
    @Path("/{agent}/tasks/{id}/pushNotificationConfigs")
    @Operation(hidden = true)
    public Response createPushConfig() {
        return noPush();
    }

    @DELETE
    @Path("/{agent}/tasks/{id}/pushNotificationConfigs/{config}")
    @Operation(hidden = true)
    public Response deletePushConfig() {
        return noPush();
    }

    @GET
    @Path("/{agent}/extendedAgentCard")
    @Operation(hidden = true)
    public Response extendedCard(@PathParam("agent") String agent) {
        return rest.error(A2aError.of(
                A2aError.Kind.EXTENDED_AGENT_CARD_NOT_CONFIGURED,
                "There is no extended card: the public card is the whole card"));
    }

    private static final String CANCEL = ":cancel";
    private static final String SUBSCRIBE = ":subscribe";

    private Response noPush() {
        return rest.error(A2aError.of(
                A2aError.Kind.PUSH_NOTIFICATION_NOT_SUPPORTED,
                "Push notifications are not supported: stream, subscribe or poll GetTask"));
    }

    /** An HTTP+JSON operation: the version first, then the call; A2A errors in the binding's shape. */
    private Response rest(A2aVersion.Given version, Supplier<Response> call) {
        try {
            version.check();
            return call.get();
        } catch (A2aError e) {
            return rest.error(e);
        }
    }

    private static String strip(String id, String suffix) {
        return id.substring(0, id.length() - suffix.length());
    }

    private static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw A2aError.invalidParams(field, "must be a whole number");
        }
    }

    private static Response json(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
