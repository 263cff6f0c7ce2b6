package io.agentruntime.auth;

/** How the caller of a request proved who they are. */
public enum AuthMethod {
    /** {@code auth.mode=none}: nobody did. */
    NONE,
    API_KEY,
    JWT
}
