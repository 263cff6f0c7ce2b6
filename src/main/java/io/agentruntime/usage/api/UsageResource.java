package io.agentruntime.usage.api;

import io.agentruntime.common.problem.Problem;
import io.agentruntime.usage.UsageReport;
import io.agentruntime.usage.UsageService;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/usage}: what the tasks cost, summed for the caller's tenant (every tenant for an admin). */
@Path("/v1/usage")
@Blocking
@Tag(name = "Usage", description = "Tokens and time the tasks used, by tenant")
public class UsageResource {

    private static final String EXAMPLE = "{\"from\":\"2026-11-01T00:00:00Z\",\"to\":\"2026-12-01T00:00:00Z\","
            + "\"groupBy\":\"agent\",\"items\":[{\"tenant\":\"team-a\",\"key\":\"code-reviewer\",\"tasks\":12,"
            + "\"inputTokens\":48210,\"outputTokens\":9120,\"totalTokens\":57330,\"durationMs\":81234}],"
            + "\"total\":{\"tasks\":12,\"inputTokens\":48210,\"outputTokens\":9120,\"totalTokens\":57330,"
            + "\"durationMs\":81234}}";

    private final UsageService usage;

    UsageResource(UsageService usage) {
        this.usage = usage;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getUsage",
            summary = "Tokens and time used in a period, summed by agent, model or day",
            description = "A caller sees its tenant's usage, an administrator every tenant's (one line per tenant"
                    + " and group). Usage is recorded when a task finishes, and kept when its session is deleted.")
    @APIResponse(
            responseCode = "200",
            description = "The sums",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = UsageReport.class),
                            examples = @ExampleObject(name = "by agent", value = EXAMPLE)))
    @APIResponse(
            responseCode = "400",
            description = "A bad date, an empty period or an unknown groupBy",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public UsageReport get(
            @Parameter(
                            description = "Start (inclusive): a date (UTC) or an RFC 3339 date-time; default 30 days"
                                    + " before `to`",
                            example = "2026-11-01")
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "End (exclusive): an RFC 3339 date-time, or a date meaning the end of that"
                                    + " day (UTC); default now",
                            example = "2026-11-30")
                    @QueryParam("to")
                    String to,
            @Parameter(
                            description = "What to sum by; default day",
                            schema = @Schema(enumeration = {"agent", "model", "day"}))
                    @QueryParam("groupBy")
                    @Pattern(regexp = "agent|model|day", message = "must be agent, model or day")
                    String groupBy) {
        return usage.report(from, to, groupBy);
    }
}
