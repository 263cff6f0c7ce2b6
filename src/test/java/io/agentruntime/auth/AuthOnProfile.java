package io.agentruntime.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Both ways to authenticate on, as a cluster would run: keys, and JWTs from {@link JwksServer}'s issuer;
 * and one web application allowed to call from its browser origin (CORS, as docs/security.md shows).
 */
public class AuthOnProfile implements QuarkusTestProfile {

    static final String ISSUER = "https://issuer.agent-runtime.test";
    static final String AUDIENCE = "agent-runtime";
    static final String WEB_ORIGIN = "https://console.agent-runtime.test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "auth.mode", "api-key,oidc",
                "auth.oidc.issuer", ISSUER,
                "auth.oidc.audience", AUDIENCE,
                "quarkus.http.cors.enabled", "true",
                "quarkus.http.cors.origins", WEB_ORIGIN);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(JwksServer.class));
    }
}
