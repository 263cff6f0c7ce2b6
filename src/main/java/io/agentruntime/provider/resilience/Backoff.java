package io.agentruntime.provider.resilience;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** How long to wait before a retry: the provider's hint when it gave one, else exponential with full jitter. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /**
     * @param retry      0 for the first retry, 1 for the second, ...
     * @param retryAfter the provider's {@code retry-after}, or null
     */
    Duration before(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(max) > 0 ? max : retryAfter;
        }
        // Full jitter: uniformly between zero and the exponential ceiling, so that many callers spread out.
        long ceiling = initial.toMillis() << Math.min(retry, 30);
        if (ceiling <= 0 || ceiling > max.toMillis()) {
            ceiling = max.toMillis();
        }
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    }
}
