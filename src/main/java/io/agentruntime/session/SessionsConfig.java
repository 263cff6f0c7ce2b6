package io.agentruntime.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on what a session may carry ({@code sessions.*}). */
@ConfigMapping(prefix = "sessions")
public interface SessionsConfig {

    /** Most keys a session's metadata may have; more are refused with a 400 naming {@code metadata}. */
    @WithDefault("50")
    int maxMetadataKeys();

    /**
     * Largest a session's metadata may be, in bytes of compact JSON. Metadata is for labels and
     * filters, not for documents; this keeps one caller from bloating every list page.
     */
    @WithDefault("16384")
    int maxMetadataBytes();
}
