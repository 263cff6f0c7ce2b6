package io.agentruntime.lookup.api;

import io.agentruntime.common.json.StrictJson;
import io.agentruntime.common.problem.Problem;
import io.agentruntime.lookup.AgentLookup;
import io.agentruntime.lookup.LookupResult;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Finds the agents that fit a request written in plain words. */
@Path("/v1/agents/lookup")
@Tag(name = "Agents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LookupResource {

    private static final String REQUEST_EXAMPLE = """
            {"query": "Our pods keep restarting after the last rollout", "limit": 2}""";
    private static final String RESPONSE_EXAMPLE = """
            {"query": "Our pods keep restarting after the last rollout",
             "items": [{"name": "devops-kubernetes-engineer",
                        "description": "Use this agent for container and Kubernetes work: writing Dockerfiles, ...",
                        "score": 7.488,
                        "confidence": 0.83,
                        "matchedTerms": ["pods", "keep", "restarting", "rollout"],
                        "passages": ["kubectl get pods -o wide and kubectl describe pod for status, events, restarts, scheduling and image pull errors."],
                        "signals": {"bm25": 3.072, "embeddingDescription": 0.728, "embeddingExamples": 1.405,
                                    "embeddingBody": 2.283}}],
             "mode": "hybrid",
             "embedding": {"state": "ready", "model": "all-MiniLM-L6-v2-q", "agents": 12, "agentsEmbedded": 12,
                           "reason": null},
             "verdict": "confident",
             "verdictAgents": ["devops-kubernetes-engineer"],
             "verdictReason": "'devops-kubernetes-engineer' fits the request best by a margin"}""";

    private final AgentLookup lookup;

    LookupResource(AgentLookup lookup) {
        this.lookup = lookup;
    }

    @POST
    @Blocking
    @CustomDeserialization(StrictJson.class)
    @Operation(
            operationId = "lookupAgents",
            summary = "Find the agents that fit a request",
            description = "Ranks the catalog's agents for a request in plain words by keywords (BM25 over name, "
                    + "description and system prompt) and, once the embedding model is ready, sentence embeddings; "
                    + "each hit says which query terms matched, the passages that matched best and each signal's "
                    + "share of the score. `embedding` tells whether the embedding model takes part and, when "
                    + "it does not, why. Each hit has a calibrated confidence (0 to 1) that it is the agent the "
                    + "request needs, and the answer a verdict: confident, ambiguous (the first two are close) or "
                    + "noMatch (no agent covers the request; the items are then only the closest).")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LookupRequest.class),
                            examples = @ExampleObject(name = "pods-restarting", value = REQUEST_EXAMPLE)))
    @APIResponse(
            responseCode = "200",
            description = "The best agents, best first (none when nothing matches)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LookupResponse.class),
                            examples = @ExampleObject(name = "pods-restarting", value = RESPONSE_EXAMPLE)))
    @APIResponse(
            responseCode = "400",
            description = "Blank query, or limit outside 1 to lookup.max-limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LookupResponse lookup(@NotNull @Valid LookupRequest request) {
        LookupResult result = lookup.search(request.query(), request.limit());
        return new LookupResponse(
                request.query(),
                result.hits(),
                result.hybrid() ? "hybrid" : "keyword",
                lookup.embeddingState(),
                result.verdict().kind(),
                result.verdict().agents(),
                result.verdict().reason());
    }
}
