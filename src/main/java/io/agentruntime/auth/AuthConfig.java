package io.agentruntime.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

/** {@code auth.*}: who may call {@code /v1}. Checked at start by {@link AuthSettings}. */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /**
     * {@code none}, {@code api-key}, {@code oidc} or {@code api-key,oidc}. No default on purpose: a server in
     * production refuses to start without it (application.properties sets {@code none} for dev mode and tests).
     */
    Optional<Set<AuthMode>> mode();

    /** The tenant of every request under {@code auth.mode=none}. */
    @WithDefault("default")
    String defaultTenant();

    Oidc oidc();

    /** Bearer JWTs: verified against the issuer's keys, for this audience. */
    interface Oidc {

        /** The {@code iss} a token must carry. */
        Optional<String> issuer();

        /** Where the issuer publishes its signing keys (JWKS); read on the first token, not at start. */
        Optional<String> jwksUrl();

        /** The {@code aud} a token must carry (any one of these). */
        Optional<Set<String>> audience();

        /** The claim naming the caller's tenant. */
        @WithDefault("tenant")
        String tenantClaim();

        /** The claim naming the caller. */
        @WithDefault("sub")
        String subjectClaim();

        /** The claim listing roles ({@code caller}, {@code admin}); a token without either is a caller. */
        @WithDefault("groups")
        String rolesClaim();
    }
}
