package io.agentruntime.provider.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Backoff and circuit breaker: the small pure parts. */
class ProviderMechanicsTest {

    @Test
    void backoffIsExponentialWithFullJitterAndCapped() {
        Duration initial = Duration.ofMillis(500);
        Duration max = Duration.ofSeconds(30);
        Backoff top = new Backoff(initial, max, () -> 0.999999);
        Backoff bottom = new Backoff(initial, max, () -> 0.0);

        assertThat(top.before(0, null)).isEqualTo(Duration.ofMillis(499));
        assertThat(top.before(1, null)).isEqualTo(Duration.ofMillis(999));
        assertThat(top.before(3, null)).isEqualTo(Duration.ofMillis(3999));
        assertThat(top.before(10, null)).isLessThan(max);
        assertThat(top.before(40, null)).isLessThan(max);
        assertThat(bottom.before(5, null)).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterWinsButIsCappedByMaxBackoff() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.5);

        assertThat(backoff.before(0, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(backoff.before(0, Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void circuitOpensAtTheThresholdAndLetsOneProbeThroughAfterTheDelay() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.acquire()).isZero();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(breaker.acquire()).isEqualTo(Duration.ofSeconds(6));

        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(breaker.acquire()).as("the probe").isZero();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.acquire()).as("while the probe runs").isPositive();

        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.acquire()).isZero();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.acquire()).isZero();
    }

    @Test
    void aCancelledProbeFreesTheWayForTheNext() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofSeconds(1), now::get);
        breaker.onFailure();
        now.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(breaker.acquire()).isZero();
        breaker.onNeutral();
        assertThat(breaker.acquire()).isZero();
    }
}
