package io.agentruntime.auth;

import java.util.Set;

/** The two roles of the API. An administrator is a caller too: {@link #of(String)} gives both. */
public final class Roles {

    /** Reads and writes its own tenant's sessions and tasks, reads the shared agent catalog. */
    public static final String CALLER = "caller";
    /** Manages API keys, and (with tenants) sees every tenant. */
    public static final String ADMIN = "admin";

    private Roles() {}

    /** The roles one granted role stands for. */
    public static Set<String> of(String role) {
        return ADMIN.equals(role) ? Set.of(CALLER, ADMIN) : Set.of(CALLER);
    }
}
