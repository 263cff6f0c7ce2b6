package io.agentruntime.cli;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** {@code cli.*}: how the command mode acts. */
@ConfigMapping(prefix = "cli")
public interface CliConfig {

    /**
     * The tenant {@code run} acts as: its task and session are this tenant's (visible to its callers over the
     * API), and {@code --session} and {@code --idempotency-key} find this tenant's only. Without it,
     * {@code auth.default-tenant}.
     */
    Optional<String> tenant();
}
