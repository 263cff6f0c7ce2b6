package io.agentruntime.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Requests to the management interface (health probes, metrics), which listens on a port of its own. In a
 * {@code @QuarkusTest} that is the free port Quarkus picked ({@code %test.quarkus.management.test-port=0});
 * the packaged application of an {@code *IT} is handed one by {@link Port}, since the test JVM cannot read
 * the port it would pick for itself.
 */
public final class Management {

    private Management() {}

    /** A REST Assured request to the management port. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    /** A health endpoint's answer ({@code live}, {@code ready}, {@code started}), which must be 200. */
    public static JsonPath health(String which) {
        return given().get("/q/health/" + which)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    public static int port() {
        Integer handed = Port.handed;
        return handed != null
                ? handed
                : ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /** For {@code *IT}s: picks a free port and gives it to the packaged application as its management port. */
    public static class Port implements QuarkusTestResourceLifecycleManager {

        private static volatile Integer handed;

        @Override
        public Map<String, String> start() {
            try (ServerSocket socket = new ServerSocket(0)) {
                handed = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("quarkus.management.port", handed.toString());
        }

        @Override
        public void stop() {
            handed = null;
        }
    }
}
