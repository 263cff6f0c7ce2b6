package io.agentruntime.auth.identity;

import io.agentruntime.auth.Caller;
import io.quarkus.security.identity.SecurityIdentity;

/** A {@link SecurityIdentity} for a {@link Caller}: its subject as the principal, its roles, itself as attribute. */
final class Identities {

    private Identities() {}

    static SecurityIdentity of(Caller caller) {
        return caller.identity();
    }
}
