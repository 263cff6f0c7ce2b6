package io.agentruntime.provider.resilience;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Counts consecutive failures of one provider. At the threshold it opens: calls fail fast for
 * {@code delay}; then it lets one probe through (half-open) whose outcome closes or reopens it.
 */
public final class CircuitBreaker {

    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int threshold;
    private final long delayNanos;
    private final LongSupplier nanoClock;
    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private boolean probeInFlight;

    CircuitBreaker(int threshold, Duration delay, LongSupplier nanoClock) {
        this.threshold = threshold;
        this.delayNanos = delay.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Asks to make a call.
     *
     * @return {@link Duration#ZERO} when the call may go ahead, else how long the circuit stays open
     */
    synchronized Duration acquire() {
        if (state == State.OPEN) {
            long waited = nanoClock.getAsLong() - openedAt;
            if (waited < delayNanos) {
                return Duration.ofNanos(delayNanos - waited);
            }
            state = State.HALF_OPEN;
            probeInFlight = false;
        }
        if (state == State.HALF_OPEN) {
            if (probeInFlight) {
                return Duration.ofNanos(Math.max(1, delayNanos));
            }
            probeInFlight = true;
        }
        return Duration.ZERO;
    }

    synchronized void onSuccess() {
        state = State.CLOSED;
        failures = 0;
        probeInFlight = false;
    }

    synchronized void onFailure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = nanoClock.getAsLong();
            probeInFlight = false;
        }
    }

    /** A call that ended without telling anything about the provider (cancelled, or rejected as invalid). */
    synchronized void onNeutral() {
        if (state == State.HALF_OPEN) {
            probeInFlight = false;
        }
    }

    synchronized State state() {
        return state;
    }
}
