package io.agentruntime.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: the tenant whose data the request may touch, the subject (a key's name, a token's
 * {@code sub}), the roles and how they authenticated. Kept as an attribute of the {@link SecurityIdentity}
 * that authentication built, so that it is there wherever the identity is (see {@link CurrentCaller}).
 */
public record Caller(String tenant, String subject, Set<String> roles, AuthMethod method) {

    /** The {@link SecurityIdentity} attribute holding the caller. */
    public static final String ATTRIBUTE = "io.agentruntime.auth.caller";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    /** A {@link SecurityIdentity} for this caller: its subject as the principal, its roles, itself as attribute. */
    public SecurityIdentity identity() {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(subject))
                .addRoles(roles)
                .addAttribute(ATTRIBUTE, this)
                .build();
    }

    /** The caller an identity was built for; empty for an anonymous identity. */
    public static Optional<Caller> of(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous()
                ? Optional.empty()
                : Optional.ofNullable(identity.getAttribute(ATTRIBUTE));
    }
}
