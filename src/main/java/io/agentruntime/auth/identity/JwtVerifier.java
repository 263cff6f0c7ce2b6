package io.agentruntime.auth.identity;

import io.agentruntime.auth.AuthConfig;
import io.agentruntime.auth.AuthMethod;
import io.agentruntime.auth.AuthSettings;
import io.agentruntime.auth.Caller;
import io.agentruntime.auth.Roles;
import io.smallrye.jwt.KeyFormat;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Verifies a bearer JWT with SmallRye JWT against {@code auth.oidc.*}: signature by a key of the issuer's
 * JWKS (fetched on the first token and cached, so the identity provider need not be up at start),
 * {@code iss}, {@code aud}, {@code exp}. Then the caller from the configured claims.
 */
@ApplicationScoped
class JwtVerifier {

    private static final Logger LOG = Logger.getLogger(JwtVerifier.class);

    private final AuthConfig.Oidc config;
    private final JWTParser parser;

    JwtVerifier(AuthSettings settings) {
        this.config = settings.config().oidc();
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        config.jwksUrl().ifPresent(context::setPublicKeyLocation);
        config.issuer().ifPresent(context::setIssuedBy);
        config.audience().ifPresent(context::setExpectedAudience);
        context.setKeyFormat(KeyFormat.JWK);
        context.setSignatureAlgorithm(EnumSet.of(
                SignatureAlgorithm.RS256,
                SignatureAlgorithm.RS384,
                SignatureAlgorithm.RS512,
                SignatureAlgorithm.PS256,
                SignatureAlgorithm.ES256));
        // The subject comes from auth.oidc.subject-claim below, not from SmallRye's upn/sub rule.
        context.setRequireNamedPrincipal(false);
        this.parser = new DefaultJWTParser(context);
    }

    /** The caller a valid token stands for; empty for any token that is not valid (the reason goes to DEBUG). */
    Optional<Caller> verify(String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            // Never the token itself: only why it was refused.
            LOG.debugf("Bearer JWT refused: %s", e.getMessage());
            return Optional.empty();
        }
        Optional<String> tenant = text(jwt.getClaim(config.tenantClaim()));
        Optional<String> subject = text(jwt.getClaim(config.subjectClaim()));
        if (tenant.isEmpty() || subject.isEmpty()) {
            LOG.debugf("Bearer JWT refused: no %s or no %s claim", config.tenantClaim(), config.subjectClaim());
            return Optional.empty();
        }
        String role = texts(jwt.getClaim(config.rolesClaim())).contains(Roles.ADMIN) ? Roles.ADMIN : Roles.CALLER;
        return Optional.of(new Caller(tenant.get(), subject.get(), Roles.of(role), AuthMethod.JWT));
    }

    private static Optional<String> text(Object claim) {
        String s = claim instanceof JsonString js ? js.getString() : claim instanceof String str ? str : null;
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    /** A roles claim as an array of strings or as one string of names separated by spaces or commas. */
    private static List<String> texts(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue v : array) {
                text(v).ifPresent(out::add);
            }
        } else if (claim instanceof Collection<?> c) {
            c.forEach(v -> text(v).ifPresent(out::add));
        } else {
            text(claim).ifPresent(s -> out.addAll(List.of(s.split("[\\s,]+"))));
        }
        return out;
    }
}
