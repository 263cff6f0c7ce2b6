package io.agentruntime.auth;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;

/** Signed JWTs for the tests: right by default, each part changeable to make a wrong one. */
final class Tokens {

    private String issuer = AuthOnProfile.ISSUER;
    private String audience = AuthOnProfile.AUDIENCE;
    private String tenant = "team-jwt";
    private String subject = "alice";
    private Set<String> groups = Set.of();
    private Instant expires = Instant.now().plusSeconds(600);
    private PrivateKey key = JwksServer.KEYS.getPrivate();

    static Tokens token() {
        return new Tokens();
    }

    Tokens issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    Tokens audience(String audience) {
        this.audience = audience;
        return this;
    }

    Tokens tenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    Tokens groups(String... groups) {
        this.groups = Set.of(groups);
        return this;
    }

    Tokens expires(Instant expires) {
        this.expires = expires;
        return this;
    }

    Tokens signedBy(PrivateKey key) {
        this.key = key;
        return this;
    }

    String sign() {
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issuedAt(expires.minusSeconds(1200))
                .expiresAt(expires);
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        if (!groups.isEmpty()) {
            claims.groups(groups);
        }
        return claims.jws().keyId(JwksServer.KEY_ID).sign(key);
    }
}
