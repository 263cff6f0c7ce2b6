package io.agentruntime.session.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /v1/sessions/{id}}, a JSON Merge Patch (RFC 7396): absent fields stay as
 * they are, {@code "title": null} clears the title, a metadata key mapped to null is removed and
 * {@code "metadata": null} removes every key.
 */
@RegisterForReflection // read with ObjectMapper by SessionResource, out of Quarkus' sight
@Schema(name = "UpdateSession", description = "JSON Merge Patch of a session's title and metadata")
public record UpdateSession(
        @Schema(
                description = "New title; null clears it",
                example = "Review of PR 42 (done)",
                maxLength = 200,
                nullable = true)
        @Size(max = 200)
        String title,

        @Schema(
                description = "Keys to set; a key mapped to null is removed",
                nullable = true,
                example = "{\"status\": \"done\", \"ticket\": null}")
        Map<String, Object> metadata) {}
