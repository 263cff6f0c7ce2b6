package io.agentruntime.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A task as callers see it. Also converted to and from the maps of jsonb columns and events, so its
 * parts are registered for reflection for the native executable.
 */
@RegisterForReflection(targets = {TaskView.Usage.class, TaskView.TaskError.class, TaskView.LookupInfo.class})
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
        name = "Task",
        description = "One run of an agent on an input, in a session",
        requiredProperties = {"id", "sessionId", "agent", "status", "mode", "input", "attempts", "createdAt"})
public record TaskView(
        @Schema(example = "01936d3e-8f5a-7b2c-9d4e-5f6a7b8c9d0e")
        UUID id,

        @Schema(description = "The session the task ran in", example = "01936d3e-8f5a-7b2c-9d4e-000000000001")
        UUID sessionId,

        @Schema(description = "The agent's name", example = "code-reviewer")
        String agent,

        @Schema(description = "The model asked (after alias resolution)", example = "claude-sonnet-4-5")
        String model,

        @Schema(description = "The configured provider that answered", example = "anthropic")
        String provider,

        TaskStatus status,
        TaskMode mode,
        String input,

        @Schema(description = "The answer; partial when the task was canceled")
        String output,

        Usage usage,
        @Schema(description = "Why the task failed") TaskError error,

        @Schema(description = "Why the agent was chosen, when the request named none")
        LookupInfo lookup,

        Map<String, Object> metadata,

        @Schema(description = "How often the task was started (more than once after a replica died)")
        int attempts,

        @Schema(description = "Set when a cancel was asked for and the task has not stopped yet")
        Boolean cancelRequested,

        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "finishedAt minus startedAt") Long durationMs,

        @Schema(description = "Time spent waiting on the model provider, retries included")
        Long providerMs) {

    /** Tokens billed for the task. */
    @Schema(
            name = "TaskUsage",
            requiredProperties = {"inputTokens", "outputTokens"})
    public record Usage(long inputTokens, long outputTokens) {}

    /** Why a task failed, in our words: never the provider's body. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(
            name = "TaskError",
            requiredProperties = {"kind", "type", "title", "status"})
    public record TaskError(
            @Schema(description = "Kind of failure", example = "upstream")
            String kind,

            @Schema(description = "Problem type URI", example = "https://agent-runtime.dev/problems/provider-error")
            String type,

            @Schema(example = "Model provider error") String title,

            @Schema(description = "The HTTP status a blocking call answered with", example = "502")
            int status,

            @Schema(example = "The model provider 'anthropic' answered with HTTP 500")
            String detail,

            @Schema(example = "anthropic") String provider,

            @Schema(
                    description = "The provider's request id, for its support",
                    example = "req_011CSHoEeqs5C35K2UUqR7Fy")
            String providerRequestId,

            @Schema(
                    description = "Seconds before a retry may succeed (a provider rate limiting, overloaded or "
                            + "paused by its circuit breaker); also the Retry-After of a blocking call",
                    example = "30")
            Long retryAfter) {}

    /** Why the lookup chose the agent. */
    @Schema(
            name = "TaskLookup",
            requiredProperties = {"agent", "score", "reasons", "signals"})
    public record LookupInfo(
            @Schema(example = "sql-expert") String agent,

            @Schema(description = "Combined score; comparable within one lookup only", example = "7.42")
            double score,

            @Schema(description = "What matched, in words") List<String> reasons,

            @Schema(description = "Each signal's contribution to the score")
            Map<String, Double> signals,

            @Schema(
                    description = "The lookup's verdict: confident, ambiguous or noMatch (then the agent is the "
                            + "fallback)",
                    enumeration = {"confident", "ambiguous", "noMatch"},
                    example = "confident")
            String verdict,

            @Schema(description = "The lookup's confidence (0 to 1) in its first agent", example = "0.82")
            Double confidence,

            @Schema(
                    description = "lookup: the lookup's first agent; fallback: no agent covered the input and the "
                            + "request's fallbackAgent (or lookup.fallback-agent) ran",
                    enumeration = {"lookup", "fallback"},
                    example = "lookup")
            String chosenBy) {}
}
