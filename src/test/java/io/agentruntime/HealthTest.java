package io.agentruntime;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.agentruntime.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @Test
    void healthAndMetricsAreNotServedOnTheApiPort() {
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        Management.given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void browsersOnOtherOriginsGetNoCorsHeadersByDefault() {
        given().header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/v1/sessions")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://elsewhere.example")
                .get("/v1/agents")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void readyWhenDatabaseIsUp() {
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }
}
