package io.agentruntime.auth;

/** How the caller of a request proved who they are. */
public enum AuthMethod {
    /** {@code auth.mode=none}: nobody did. */
    NONE,
    API_KEY,
    JWT,
    /** The command mode: whoever runs the artifact with the database's credentials acts as {@code cli.tenant}. */
    COMMAND
}
