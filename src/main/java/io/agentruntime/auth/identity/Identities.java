package io.agentruntime.auth.identity;

import io.agentruntime.auth.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** A {@link SecurityIdentity} for a {@link Caller}: its subject as the principal, its roles, itself as attribute. */
final class Identities {

    private Identities() {}

    static SecurityIdentity of(Caller caller) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.subject()))
                .addRoles(caller.roles())
                .addAttribute(Caller.ATTRIBUTE, caller)
                .build();
    }
}
