package io.agentruntime.auth.identity;

import io.agentruntime.auth.key.ApiKeys;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks an API key against the database (one indexed read, off the event loop). */
@ApplicationScoped
class ApiKeyIdentityProvider implements IdentityProvider<BearerToken.ApiKey> {

    private final ApiKeys keys;

    ApiKeyIdentityProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Class<BearerToken.ApiKey> getRequestType() {
        return BearerToken.ApiKey.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerToken.ApiKey request, AuthenticationRequestContext context) {
        return context.runBlocking(() ->
                keys.authenticate(request.token()).map(Identities::of).orElseThrow(AuthenticationFailedException::new));
    }
}
