package io.agentruntime.auth.identity;

import io.agentruntime.auth.AuthMethod;
import io.agentruntime.auth.AuthMode;
import io.agentruntime.auth.AuthSettings;
import io.agentruntime.auth.Caller;
import io.agentruntime.auth.Roles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer ...} once for both ways in: {@code ark_...} is an API key, anything
 * else a JWT, each accepted only when {@code auth.mode} names it. Ranked above the JWT extension's own
 * mechanism so that a bearer token is always decided here (that one then only ever sees requests without
 * a token, and finds nothing). Under {@code auth.mode=none} every request is the default tenant's
 * administrator, as before authentication existed.
 */
@ApplicationScoped
public class BearerAuthMechanism implements HttpAuthenticationMechanism {

    static final String SCHEME = "Bearer";
    private static final String API_KEY_PREFIX = "ark_";
    private static final int PRIORITY = DEFAULT_PRIORITY + 1000;

    private final AuthSettings settings;
    private final SecurityIdentity open;

    BearerAuthMechanism(AuthSettings settings) {
        this.settings = settings;
        this.open = Identities.of(
                new Caller(settings.config().defaultTenant(), "anonymous", Roles.of(Roles.ADMIN), AuthMethod.NONE));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (settings.allows(AuthMode.NONE)) {
            return Uni.createFrom().item(open);
        }
        String token = bearer(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            // No credentials: anonymous, refused with 401 by every route that needs a caller.
            return Uni.createFrom().nullItem();
        }
        AuthenticationRequest request;
        if (token.startsWith(API_KEY_PREFIX) && settings.allows(AuthMode.API_KEY)) {
            request = new BearerToken.ApiKey(token);
        } else if (!token.startsWith(API_KEY_PREFIX) && settings.allows(AuthMode.OIDC)) {
            request = new BearerToken.Jwt(token);
        } else {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        return identities.authenticate(request);
    }

    /** The token of a Bearer header; null when there is none (another scheme, or no header). */
    static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            return null;
        }
        String token = header.substring(SCHEME.length() + 1).strip();
        return token.isEmpty() ? null : token;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", SCHEME));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(BearerToken.ApiKey.class, BearerToken.Jwt.class);
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
