package io.agentruntime.provider.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Ends a streamed answer at its end marker without cancelling the HTTP response under it.
 *
 * <p>Why: cancelling a stream before its response ended closes its connection ({@link EventStreams}: the
 * rest of the response would still arrive on it). So the Done goes to the caller at once, and the
 * response is read on to its own end, which every provider sends right after the marker; the connection
 * then goes back to the pool for the next call. Only a server that keeps the stream open longer than
 * {@link #DRAIN_LIMIT} has its connection closed.
 */
public final class EndOfAnswer {

    /** How long a server may keep a stream open after its end marker. */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(10);

    private EndOfAnswer() {}

    /**
     * The events as they come, completing at the upstream's end, at a failure after the end marker
     * (the answer is whole: the caller is not told) or {@link #DRAIN_LIMIT} after the marker. A caller
     * that cancels before the marker cancels the call; one that cancels after it (having its Done) leaves
     * the response to be read to its end.
     */
    static <T> Multi<T> drained(Multi<T> events, BooleanSupplier ended) {
        return Multi.createFrom().emitter(emitter -> {
            AtomicBoolean upstreamEnded = new AtomicBoolean();
            AtomicReference<Cancellable> upstream = new AtomicReference<>();
            AtomicReference<Cancellable> drainTimer = new AtomicReference<>();
            // Only a response still being read is cancelled: its connection is then still its own.
            Runnable cancelUpstream = () -> {
                Cancellable call = upstream.get();
                if (!upstreamEnded.get() && call != null) {
                    call.cancel();
                }
            };
            emitter.onTermination(() -> {
                if (!ended.getAsBoolean()) {
                    cancelUpstream.run();
                }
            });
            upstream.set(events.subscribe()
                    .with(
                            item -> {
                                emitter.emit(item);
                                if (ended.getAsBoolean() && drainTimer.get() == null) {
                                    drainTimer.set(Uni.createFrom()
                                            .voidItem()
                                            .onItem()
                                            .delayIt()
                                            .by(DRAIN_LIMIT)
                                            .subscribe()
                                            .with(ignored -> {
                                                emitter.complete();
                                                cancelUpstream.run();
                                            }));
                                }
                            },
                            failure -> {
                                upstreamEnded.set(true);
                                stop(drainTimer);
                                if (ended.getAsBoolean()) {
                                    emitter.complete();
                                } else {
                                    emitter.fail(failure);
                                }
                            },
                            () -> {
                                upstreamEnded.set(true);
                                stop(drainTimer);
                                emitter.complete();
                            }));
            if (emitter.isCancelled() && !ended.getAsBoolean()) {
                cancelUpstream.run();
            }
        });
    }

    private static void stop(AtomicReference<Cancellable> timer) {
        Cancellable t = timer.get();
        if (t != null) {
            t.cancel();
        }
    }
}
