package io.agentruntime.auth.api;

import io.agentruntime.auth.Caller;
import io.agentruntime.auth.CurrentCaller;
import io.agentruntime.auth.Roles;
import io.agentruntime.auth.key.ApiKeyView;
import io.agentruntime.auth.key.ApiKeys;
import io.agentruntime.auth.key.NewApiKey;
import io.agentruntime.common.Cursors;
import io.agentruntime.common.Page;
import io.agentruntime.common.json.StrictJson;
import io.agentruntime.common.problem.Problem;
import io.agentruntime.common.problem.ProblemException;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v1/admin/keys}: administrators make, list and revoke API keys. Maps only; rules are in {@link ApiKeys}. */
@Path("/v1/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Admin", description = "API keys; the admin role only")
public class ApiKeyResource {

    /** The shape of {@code Page<ApiKey>}, for the OpenAPI document only. */
    @Schema(name = "ApiKeyPage", requiredProperties = "items")
    record ApiKeyPage(
            List<ApiKey> items,

            @Schema(description = "Pass as ?cursor= for the next page; absent on the last page")
            String nextCursor) {}

    private final ApiKeys keys;
    private final CurrentCaller caller;

    public ApiKeyResource(ApiKeys keys, CurrentCaller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(
            operationId = "createApiKey",
            summary = "Create an API key",
            description = "The answer holds the key, once: only its hash is stored.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CreateKeyRequest.class)))
    @APIResponse(
            responseCode = "201",
            description = "Created; Location names it",
            content = @Content(schema = @Schema(implementation = NewKey.class)))
    @APIResponse(
            responseCode = "400",
            description = "A bad tenant, name, role or expiry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(@NotNull @Valid CreateKeyRequest body) {
        Caller admin = caller.get();
        NewKey created = NewKey.of(keys.create(new NewApiKey(
                body.tenant() == null ? admin.tenant() : body.tenant(),
                body.name(),
                body.role(),
                body.expiresAt(),
                admin.subject())));
        // Relative, never built from the Host header, which the caller controls.
        return Response.status(Response.Status.CREATED)
                .header("Location", "/v1/admin/keys/" + created.key().id())
                .entity(created)
                .build();
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "List API keys", description = "Oldest first, revoked ones too.")
    @APIResponse(
            responseCode = "200",
            description = "A page of keys",
            content = @Content(schema = @Schema(implementation = ApiKeyPage.class)))
    @APIResponse(
            responseCode = "400",
            description = "A bad limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<ApiKey> list(
            @Parameter(description = "Only this tenant's keys") @QueryParam("tenant") String tenant,
            @Parameter(description = "Page size, 1 to 100", example = "20", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        Page<ApiKeyView> page = keys.list(tenant, limit(limit), cursor);
        return new Page<>(page.items().stream().map(ApiKey::of).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getApiKey", summary = "Get an API key", description = "Never the key itself.")
    @APIResponse(
            responseCode = "200",
            description = "The key's record",
            content = @Content(schema = @Schema(implementation = ApiKey.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ApiKey get(@PathParam("id") String id) {
        return ApiKey.of(keys.get(uuid(id)));
    }

    @DELETE
    @Path("{id}")
    @Operation(
            operationId = "revokeApiKey",
            summary = "Revoke an API key",
            description = "The key stops working at once, on every replica; revoking it again changes nothing.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(
            responseCode = "404",
            description = "No such key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void revoke(@PathParam("id") String id) {
        keys.revoke(uuid(id));
    }

    private static int limit(String value) {
        try {
            return Cursors.limit(value == null || value.isBlank() ? null : Integer.valueOf(value.strip()));
        } catch (NumberFormatException e) {
            throw ProblemException.badField("limit", "must be a whole number between 1 and " + Page.MAX_LIMIT);
        }
    }

    private static UUID uuid(String value) {
        try {
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // the problem below
        }
        throw ProblemException.badField("id", "is not a UUID");
    }
}
