package io.agentruntime.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code auth.*} as the server uses it, checked once at start: a server that would serve {@code /v1} with no
 * authentication configured does not start (fail closed), unless {@code auth.mode=none} says so on purpose.
 * Command mode has no listener (Main turns it off), so there is nothing to authenticate and no check.
 */
@ApplicationScoped
public class AuthSettings {

    private static final Logger LOG = Logger.getLogger(AuthSettings.class);

    private final AuthConfig config;
    private final boolean serving;
    private final Set<AuthMode> modes;

    AuthSettings(
            AuthConfig config,
            @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean serving) {
        this.config = config;
        this.serving = serving;
        this.modes = config.mode().map(EnumSet::copyOf).orElse(EnumSet.of(AuthMode.NONE));
    }

    void onStart(@Observes StartupEvent start) {
        if (!serving) {
            return;
        }
        if (config.mode().isEmpty()) {
            throw new IllegalStateException("No authentication is configured for /v1: set auth.mode (AUTH_MODE) to "
                    + "api-key, oidc or api-key,oidc, or to none to leave the API open on purpose");
        }
        List<String> wrong = problems();
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("Authentication is misconfigured: " + String.join("; ", wrong));
        }
        if (modes.contains(AuthMode.NONE)) {
            LOG.warnf(
                    "auth.mode=none: /v1 is open, every request acts as an administrator of tenant '%s'. "
                            + "Set auth.mode to api-key and/or oidc before exposing this service.",
                    config.defaultTenant());
        } else {
            LOG.infof("Authentication on /v1: %s", modes);
        }
    }

    private List<String> problems() {
        List<String> wrong = new ArrayList<>();
        if (modes.contains(AuthMode.NONE) && modes.size() > 1) {
            wrong.add("auth.mode=none cannot be combined with another mode");
        }
        if (modes.contains(AuthMode.OIDC)) {
            AuthConfig.Oidc oidc = config.oidc();
            if (oidc.issuer().isEmpty()) {
                wrong.add("auth.mode=oidc needs auth.oidc.issuer (AUTH_OIDC_ISSUER)");
            }
            if (oidc.jwksUrl().isEmpty()) {
                wrong.add("auth.mode=oidc needs auth.oidc.jwks-url (AUTH_OIDC_JWKS_URL)");
            }
            if (oidc.audience().isEmpty()) {
                wrong.add("auth.mode=oidc needs auth.oidc.audience (AUTH_OIDC_AUDIENCE)");
            }
        }
        return wrong;
    }

    public boolean allows(AuthMode mode) {
        return modes.contains(mode);
    }

    public AuthConfig config() {
        return config;
    }
}
