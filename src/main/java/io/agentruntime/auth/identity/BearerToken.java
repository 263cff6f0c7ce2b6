package io.agentruntime.auth.identity;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * A bearer token to check: an API key or a JWT. Types of our own, not Quarkus's
 * {@code TokenAuthenticationRequest}, so that the JWT extension's own provider never sees our keys.
 */
sealed interface BearerToken {

    String token();

    /** {@code ark_...}. */
    final class ApiKey extends BaseAuthenticationRequest implements BearerToken {
        private final String token;

        ApiKey(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    /** Anything else: a JWT from the configured issuer, or nothing valid. */
    final class Jwt extends BaseAuthenticationRequest implements BearerToken {
        private final String token;

        Jwt(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }
}
