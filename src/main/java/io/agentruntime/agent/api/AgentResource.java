package io.agentruntime.agent.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentFilter;
import io.agentruntime.agent.CatalogProblems;
import io.agentruntime.agent.ParsedAgent;
import io.agentruntime.common.Cursors;
import io.agentruntime.common.Page;
import io.agentruntime.common.json.StrictJson;
import io.agentruntime.common.problem.Problem;
import io.agentruntime.common.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The agent catalog over HTTP. Everything is in memory, so the methods simply run on worker threads. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agents", description = "The catalog of agents loaded from agent files")
public class AgentResource {

    static final String MARKDOWN = "text/markdown";

    private static final String AGENT_EXAMPLE = """
            {"name":"backend-web-developer","description":"Use this agent when you need to implement server-side functionality...",\
            "examples":[{"context":"The user wants to create an API for their application.",\
            "user":"Can you help me design a REST API for managing blog posts?",\
            "assistant":"Let me engage the backend-web-developer agent...","commentary":"The user needs API design..."}],\
            "model":"inherit","tools":[],"color":"green","extra":{},"systemPrompt":"You are an expert backend web developer...",\
            "source":{"origin":"classpath:agents","path":"backend-web-developer.md","sha256":"9f2c..."}}""";
    private static final String FILE_EXAMPLE = """
            ---
            name: reviewer
            description: Use this agent to review pull requests. <example>Context: A PR is ready. user: 'Review my PR' \
            assistant: 'I will use the reviewer agent.' <commentary>Review requested.</commentary></example>
            model: sonnet
            tools: Read, Grep
            ---

            You review pull requests for correctness first, readability second.
            """;

    /** The shape of {@code Page<AgentSummary>}, for the OpenAPI document only. */
    @Schema(name = "AgentPage", requiredProperties = "items")
    record AgentPage(
            List<AgentSummary> items,

            @Schema(description = "Pass as ?cursor= for the next page; absent on the last page")
            String nextCursor) {}

    private final AgentCatalog catalog;
    private final ObjectMapper json;

    public AgentResource(AgentCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    @GET
    @Operation(
            operationId = "listAgents",
            summary = "List agents",
            description = "Agents sorted by name, filtered and paged. Pass nextCursor as ?cursor= for the next page.")
    @APIResponse(
            responseCode = "200",
            description = "A page of agents",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AgentPage.class),
                            examples = @ExampleObject(name = "page", value = """
                    {"items":[{"name":"api-designer","description":"Use this agent to design HTTP APIs...",\
                    "model":"inherit","tools":["Read","Write"],"color":"cyan",\
                    "source":{"origin":"classpath:agents","path":"api-designer.md","sha256":"3b1f..."}}],\
                    "nextCursor":"YXBpLWRlc2lnbmVy"}""")))
    @APIResponse(
            responseCode = "400",
            description = "A bad limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<AgentSummary> listAgents(
            @Parameter(description = "Case-insensitive text to find in the name or description", example = "kubernetes")
                    @QueryParam("q")
                    String q,
            @Parameter(description = "Only agents that have this tool (case-insensitive)", example = "Bash")
                    @QueryParam("tool")
                    String tool,
            @Parameter(description = "Only agents with this model (case-insensitive)", example = "sonnet")
                    @QueryParam("model")
                    String model,
            @Parameter(description = "Page size, 1 to 100", example = "20", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        Page<AgentDefinition> page = catalog.list(new AgentFilter(q, tool, model), cursor, Cursors.limit(limit));
        return new Page<>(page.items().stream().map(AgentSummary::of).toList(), page.nextCursor());
    }

    @GET
    @Path("problems")
    @Operation(
            operationId = "listAgentProblems",
            summary = "List the problems of the current load",
            description = "Every file that was dropped, overridden or read with a remark, and what was done about it.")
    @APIResponse(
            responseCode = "200",
            description = "The problems",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AgentProblemList.class),
                            examples = @ExampleObject(name = "problems", value = """
                    {"items":[{"file":"/etc/agents/notes.md","severity":"ERROR","message":"no front matter: the file must \
                    start with a line '---', then name and description, then '---'","action":"dropped"}],\
                    "catalogVersion":2,"loadedAt":"2026-11-26T04:05:06.789Z"}""")))
    @APIResponse(
            responseCode = "406",
            description = "The Accept header allows no JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AgentProblemList listAgentProblems() {
        CatalogProblems state = catalog.problems();
        return new AgentProblemList(
                state.problems(), state.snapshot().version(), state.snapshot().loadedAt());
    }

    @GET
    @Path("{name}")
    @Operation(
            operationId = "getAgent",
            summary = "Get one agent",
            description = "The whole agent: description, parsed examples, model, tools, other keys and system prompt.")
    @APIResponse(
            responseCode = "200",
            description = "The agent",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AgentView.class),
                            examples = @ExampleObject(name = "agent", value = AGENT_EXAMPLE)))
    @APIResponse(
            responseCode = "404",
            description = "No agent has that name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AgentView getAgent(
            @Parameter(description = "The agent's name", example = "backend-web-developer") @PathParam("name")
                    String name) {
        return catalog.find(name)
                .map(AgentView::of)
                .orElseThrow(() -> ProblemException.notFound(
                        "No agent named '" + name + "'; GET /v1/agents lists the agents there are"));
    }

    @POST
    @Path("validate")
    @Consumes({MARKDOWN, MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Operation(
            operationId = "validateAgent",
            summary = "Check an agent file without loading it",
            description = "Send the file itself (text/markdown or text/plain, with ?fileName= optionally). "
                    + "Answers what the loader would make of it. JSON {\"content\": ..., \"fileName\": ...} is "
                    + "accepted too but left out here: generated clients prefer a JSON body whenever one is "
                    + "listed, and would then send the file as a JSON string.")
    @RequestBody(
            required = true,
            content = {
                @Content(
                        mediaType = MARKDOWN,
                        schema = @Schema(type = SchemaType.STRING),
                        examples = @ExampleObject(name = "file", value = FILE_EXAMPLE)),
                @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING))
            })
    @APIResponse(
            responseCode = "200",
            description = "The verdict; valid is false when the file would be dropped",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ValidationResult.class),
                            examples = @ExampleObject(name = "invalid", value = """
                            {"valid":false,"agent":null,"problems":[{"file":"request/reviewer.md","line":2,\
                            "severity":"ERROR","message":"no description","action":"dropped: the description says when \
                            to use the agent and cannot be guessed"}]}""")))
    @APIResponse(
            responseCode = "400",
            description = "An empty or oversized body, or malformed JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "Another content type",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ValidationResult validateAgent(
            String body,
            @HeaderParam("Content-Type") MediaType contentType,
            @Parameter(description = "For a text body: the file name it would have", example = "reviewer.md")
                    @QueryParam("fileName")
                    String fileName)
            throws IOException {
        String content = body;
        String name = fileName;
        if (contentType != null && contentType.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            if (body == null || body.isBlank()) {
                throw ProblemException.badField("content", "must not be blank");
            }
            ValidateRequest request = StrictJson.read(json, body, ValidateRequest.class);
            if (request == null) {
                throw ProblemException.badField("body", "must be a JSON object with the field content");
            }
            content = request.content();
            name = request.fileName();
        }
        ParsedAgent parsed = catalog.validate(name, content);
        return new ValidationResult(
                !parsed.hasErrors(), parsed.agent() == null ? null : AgentView.of(parsed.agent()), parsed.problems());
    }
}
