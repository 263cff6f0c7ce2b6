package io.agentruntime;

import io.agentruntime.testing.Management;
import java.util.Arrays;
import java.util.List;

/** Reads samples out of the Prometheus text exposition at /q/metrics. */
public final class PrometheusText {

    private PrometheusText() {}

    public static String scrape() {
        return Management.given()
                .accept("text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /**
     * The value of the sample named {@code name} whose labels include every {@code key, value} pair given;
     * 0 when there is none yet (a counter that has not counted).
     */
    public static double value(String scrape, String name, String... labels) {
        List<String> wanted = Arrays.stream(pairs(labels)).toList();
        return scrape.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> wanted.stream().allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String[] pairs(String... labels) {
        String[] out = new String[labels.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[2 * i] + "=\"" + labels[2 * i + 1] + "\"";
        }
        return out;
    }
}
