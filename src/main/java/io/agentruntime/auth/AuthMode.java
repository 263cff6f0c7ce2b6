package io.agentruntime.auth;

/** How callers of {@code /v1} may authenticate: {@code auth.mode}, one value or a comma-separated list. */
public enum AuthMode {
    /** Nobody authenticates: every request acts as an administrator of the default tenant. */
    NONE,
    /** {@code Authorization: Bearer ark_...}, keys made by an administrator. */
    API_KEY,
    /** {@code Authorization: Bearer <JWT>} from a configured issuer, checked against its JWKS. */
    OIDC
}
