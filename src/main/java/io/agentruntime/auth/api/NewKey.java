package io.agentruntime.auth.api;

import io.agentruntime.auth.key.CreatedApiKey;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to {@code POST /v1/admin/keys}: the one time the key is shown. */
// A Response entity (create), out of Quarkus' sight for the native executable.
@RegisterForReflection
@Schema(
        name = "CreatedApiKey",
        requiredProperties = {"key", "apiKey"})
public record NewKey(
        @Schema(description = "The key's record, as lists show it")
        ApiKey key,

        @Schema(
                description = "The key, to send as Authorization: Bearer <apiKey>. Shown only in this answer: "
                        + "store it now; only its hash is kept.")
        String apiKey) {

    static NewKey of(CreatedApiKey created) {
        return new NewKey(ApiKey.of(created.key()), created.secret());
    }
}
