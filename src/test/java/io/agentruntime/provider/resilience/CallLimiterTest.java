package io.agentruntime.provider.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The per-provider concurrency limit: in order, bounded waiting, a 503 of our own, slots given back. */
class CallLimiterTest {

    private final List<UniEmitter<? super String>> running = new CopyOnWriteArrayList<>();

    private CallLimiter limiter(int maxCalls, Duration queueTime) {
        return new CallLimiter("openai", maxCalls, queueTime);
    }

    private UniAssertSubscriber<String> call(CallLimiter limiter, String name) {
        return limiter.call(() ->
                        Uni.createFrom().<String>emitter(e -> running.add(e)).map(v -> name + ":" + v))
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void pastTheLimitCallsWaitAndGetTheirTurnInOrder() {
        CallLimiter limiter = limiter(2, Duration.ofMinutes(1));
        List<UniAssertSubscriber<String>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(call(limiter, "c" + i));
        }
        assertThat(running).hasSize(2);
        assertThat(limiter.inFlight()).isEqualTo(2);
        assertThat(limiter.queued()).isEqualTo(3);

        running.get(0).complete("ok");
        calls.get(0).awaitItem().assertItem("c0:ok");
        // The freed slot went to the longest waiting call, not to any later one.
        Awaitility.await().until(() -> running.size() == 3);
        running.get(2).complete("ok");
        calls.get(2).awaitItem().assertItem("c2:ok");
        assertThat(limiter.inFlight()).isEqualTo(2);
        assertThat(limiter.queued()).isEqualTo(1);

        // A waiting call that is cancelled leaves the line; a running one gives its slot back.
        calls.get(4).cancel();
        assertThat(limiter.queued()).isZero();
        assertThat(running).hasSize(4);
        calls.get(1).cancel();
        assertThat(limiter.inFlight()).isEqualTo(1);
        UniAssertSubscriber<String> late = call(limiter, "c5");
        assertThat(running).hasSize(5);
        running.get(4).complete("ok");
        late.awaitItem().assertItem("c5:ok");
        running.get(3).complete("ok");
        calls.get(3).awaitItem().assertItem("c3:ok");
        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.queued()).isZero();
    }

    @Test
    void aCallThatWaitsTooLongFailsBusyWithRetryAfter() {
        CallLimiter limiter = limiter(1, Duration.ofMillis(200));
        UniAssertSubscriber<String> first = call(limiter, "first");
        UniAssertSubscriber<String> second = call(limiter, "second");

        Throwable failure = second.awaitFailure(Duration.ofSeconds(10)).getFailure();
        assertThat(failure).isInstanceOf(ProviderException.class);
        ProviderException busy = (ProviderException) failure;
        assertThat(busy.kind()).isEqualTo(ProviderException.Kind.BUSY);
        assertThat(busy.type().status()).isEqualTo(503);
        assertThat(busy.headers()).containsKey("Retry-After");
        assertThat(busy.getMessage()).contains("openai").doesNotContain("Exception");
        assertThat(limiter.queued()).isZero();

        // The call in flight was untouched and its slot comes back when it ends.
        running.get(0).complete("ok");
        first.awaitItem().assertItem("first:ok");
        assertThat(limiter.inFlight()).isZero();
        assertThat(running).hasSize(1);
    }
}
