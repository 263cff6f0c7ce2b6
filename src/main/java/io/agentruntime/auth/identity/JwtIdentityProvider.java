package io.agentruntime.auth.identity;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks a bearer JWT; blocking, since the first token (and a new key id) fetches the issuer's JWKS. */
@ApplicationScoped
class JwtIdentityProvider implements IdentityProvider<BearerToken.Jwt> {

    private final JwtVerifier verifier;

    JwtIdentityProvider(JwtVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Class<BearerToken.Jwt> getRequestType() {
        return BearerToken.Jwt.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerToken.Jwt request, AuthenticationRequestContext context) {
        return context.runBlocking(() ->
                verifier.verify(request.token()).map(Identities::of).orElseThrow(AuthenticationFailedException::new));
    }
}
