package io.agentruntime.auth;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/**
 * The caller of the current request, for the services that scope their data by tenant. Every route of
 * {@code /v1} requires an authenticated caller, so inside one this always answers.
 */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** @throws UnauthorizedException (401) outside an authenticated request */
    public Caller get() {
        return Caller.of(identity).orElseThrow(UnauthorizedException::new);
    }
}
