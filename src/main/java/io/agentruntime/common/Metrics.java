package io.agentruntime.common;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;

/**
 * What every meter of the service shares: the {@value #PREFIX} prefix and the buckets of the duration
 * histograms. Durations are histograms with a few fixed buckets, not client-side quantiles: buckets add up
 * across replicas ({@code histogram_quantile} over {@code sum by (le)}), quantiles cannot.
 */
public final class Metrics {

    /** The one prefix of the service's own meters ({@code agent_runtime_*} in Prometheus). */
    public static final String PREFIX = "agent_runtime.";

    /** The service's own work: an HTTP answer, or a task's time beyond its provider call. */
    public static final Duration[] SERVICE_BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120),
        Duration.ofSeconds(300)
    };

    /** Anything that waits on a model, from a quick blocking answer to a long stream: from 100 ms. */
    public static final Duration[] MODEL_BUCKETS = Arrays.copyOfRange(SERVICE_BUCKETS, 4, SERVICE_BUCKETS.length);

    private Metrics() {}

    /** A meter name with the prefix: {@code name("tasks.ended")} is {@code agent_runtime_tasks_ended_total}. */
    public static String name(String suffix) {
        return PREFIX + suffix;
    }

    /** Quarkus applies MeterFilter beans to its registry. */
    @Singleton
    static class Filters {

        /**
         * The HTTP server's timer (by method, URI template and status) as a histogram with the service's
         * buckets; Quarkus records it without buckets otherwise.
         */
        @Produces
        @Singleton
        MeterFilter httpServerHistogram() {
            double[] buckets = Arrays.stream(SERVICE_BUCKETS)
                    .mapToDouble(Duration::toNanos)
                    .toArray();
            return new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    if (!id.getName().equals("http.server.requests")) {
                        return config;
                    }
                    return DistributionStatisticConfig.builder()
                            .serviceLevelObjectives(buckets)
                            .build()
                            .merge(config);
                }
            };
        }
    }
}
