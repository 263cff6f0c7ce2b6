package io.agentruntime.a2a;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The host's agent card, where A2A clients look first ({@code /.well-known/agent-card.json}, RFC 8615):
 * the service, its agents as skills, and its A2A endpoint, where the lookup picks the agent. Public.
 */
@Path("/.well-known/agent-card.json")
public class A2aServiceCardResource {

    private final A2aCards cards;

    A2aServiceCardResource(A2aCards cards) {
        this.cards = cards;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public A2aWire.AgentCard card(@Context UriInfo uri) {
        return cards.service(uri.getBaseUri());
    }
}
