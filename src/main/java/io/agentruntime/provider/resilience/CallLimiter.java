package io.agentruntime.provider.resilience;

import io.agentruntime.provider.ProviderException;
import io.agentruntime.provider.ProviderException.Kind;
import io.agentruntime.provider.client.ProviderSettings;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Our own limit on the calls to one provider in flight at once. Past it, calls wait in order of arrival
 * (first come, first served) for up to the queue time, then fail with a 503 {@link Kind#BUSY} and
 * Retry-After. Nothing waits on a thread: a waiting call is a queued emitter.
 */
public final class CallLimiter {

    private enum State {
        QUEUED,
        GRANTED,
        DONE
    }

    private final String provider;
    private final int maxCalls;
    private final Duration queueTime;
    private final ArrayDeque<Turn> queue = new ArrayDeque<>();
    private int inFlight;

    CallLimiter(String provider, int maxCalls, Duration queueTime) {
        this.provider = provider;
        this.maxCalls = maxCalls;
        this.queueTime = queueTime;
    }

    public static CallLimiter of(ProviderSettings settings) {
        return new CallLimiter(
                settings.name(),
                settings.connections().maxCalls(),
                settings.connections().queueTime());
    }

    /** The stream, opened once a slot is free; the slot is given back however the stream ends. */
    <T> Multi<T> stream(Supplier<Multi<T>> call) {
        return Multi.createFrom().deferred(() -> {
            Turn turn = new Turn();
            return turn.granted()
                    .onItem()
                    .transformToMulti(ignored -> call.get())
                    .onTermination()
                    .invoke(turn::end);
        });
    }

    /** The call, made once a slot is free; the slot is given back however it ends. */
    <T> Uni<T> call(Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            Turn turn = new Turn();
            return turn.granted()
                    .onItem()
                    .transformToUni(ignored -> call.get())
                    .onTermination()
                    .invoke(turn::end);
        });
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int queued() {
        return queue.size();
    }

    /** Hands the freed slot straight to the longest waiting call, so that none can overtake it. */
    private void release() {
        while (true) {
            Turn next;
            synchronized (this) {
                next = queue.pollFirst();
                if (next == null) {
                    inFlight--;
                    return;
                }
            }
            if (next.grant()) {
                return;
            }
        }
    }

    private ProviderException busy() {
        long seconds = Math.max(1, Math.min(30, queueTime.toSeconds()));
        return new ProviderException(
                Kind.BUSY,
                provider,
                0,
                null,
                "Too many calls to model provider '" + provider + "' at once on this replica; none became free within "
                        + queueTime.toSeconds() + " s",
                Map.of("Retry-After", Long.toString(seconds)),
                null);
    }

    /** One call's place: queued, then granted a slot, then done (slot given back or place left). */
    private final class Turn {

        private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
        private volatile UniEmitter<? super Boolean> emitter;
        private volatile ScheduledFuture<?> timeout;

        Uni<Boolean> granted() {
            return Uni.createFrom().emitter(e -> {
                emitter = e;
                boolean now;
                synchronized (CallLimiter.this) {
                    now = inFlight < maxCalls && queue.isEmpty();
                    if (now) {
                        inFlight++;
                    } else {
                        queue.addLast(this);
                    }
                }
                if (now) {
                    state.set(State.GRANTED);
                    e.complete(Boolean.TRUE);
                } else {
                    timeout = Infrastructure.getDefaultWorkerPool()
                            .schedule(this::expire, queueTime.toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        }

        /** False when the call already left (cancelled or timed out): the slot goes to the next one. */
        boolean grant() {
            if (!state.compareAndSet(State.QUEUED, State.GRANTED)) {
                return false;
            }
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            emitter.complete(Boolean.TRUE);
            return true;
        }

        private void expire() {
            if (state.compareAndSet(State.QUEUED, State.DONE)) {
                leave();
                emitter.fail(busy());
            }
        }

        /** However the call ended: gives the slot back, or leaves the queue. */
        void end() {
            if (state.compareAndSet(State.GRANTED, State.DONE)) {
                release();
            } else if (state.compareAndSet(State.QUEUED, State.DONE)) {
                leave();
            }
        }

        private void leave() {
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            synchronized (CallLimiter.this) {
                queue.remove(this);
            }
        }
    }
}
