package io.agentruntime.lookup.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A lookup request.
 *
 * @param query what the caller wants done, in plain words
 * @param limit how many agents to return; the configured default when absent
 */
@Schema(name = "LookupRequest", description = "What to find an agent for")
public record LookupRequest(
        @Schema(
                description = "What the caller wants done, in plain words",
                example = "Our pods keep restarting after the last rollout",
                required = true)
        @NotBlank
        @Size(max = 10_000)
        String query,

        @Schema(
                description = "How many agents to return (1 to lookup.max-limit; default lookup.default-limit)",
                example = "5")
        @Min(1)
        Integer limit) {}
