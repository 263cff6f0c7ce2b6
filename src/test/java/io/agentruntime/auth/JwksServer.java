package io.agentruntime.auth;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An identity provider's key endpoint for the tests: a JWKS with one RSA key made here, served by the JDK's
 * HTTP server on a free port. {@link #KEYS} signs the tokens the tests send (see {@link Tokens}).
 */
public class JwksServer implements QuarkusTestResourceLifecycleManager {

    static final String KEY_ID = "test-key";
    static final KeyPair KEYS = rsa();
    /** How often the JWKS was fetched: the application reads it on the first token, not at start. */
    static final AtomicInteger FETCHES = new AtomicInteger();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = jwks((RSAPublicKey) KEYS.getPublic()).getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks", exchange -> {
            FETCHES.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
        return Map.of(
                "auth.oidc.jwks-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwks(RSAPublicKey key) {
        return """
                {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"%s"}]}""".formatted(KEY_ID, base64Url(key.getModulus()), base64Url(key.getPublicExponent()));
    }

    /** An unsigned big-endian integer, base64url without padding (RFC 7518, section 6.3.1). */
    private static String base64Url(BigInteger n) {
        byte[] bytes = n.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
