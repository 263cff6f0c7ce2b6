package io.agentruntime.provider.resilience;

import io.agentruntime.provider.ChatEvent;
import io.agentruntime.provider.ChatRequest;
import io.agentruntime.provider.ChatResult;
import io.agentruntime.provider.ProviderException;
import io.agentruntime.provider.ProviderException.Kind;
import io.agentruntime.provider.client.ChatClient;
import io.agentruntime.provider.client.ProviderErrors;
import io.agentruntime.provider.client.ProviderSettings;
import io.agentruntime.provider.client.UpstreamException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One named provider with its resilience: retries with backoff (honouring retry-after), a circuit
 * breaker, and failures worded for callers. A stream is retried only while it has not emitted any text,
 * so that no caller ever sees a piece of an answer twice.
 */
public final class ResilientProvider implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ResilientProvider.class);

    private final ProviderSettings settings;
    private final ChatClient client;
    private final CircuitBreaker breaker;
    private final Backoff backoff;
    private final CallLimiter limiter;

    public ResilientProvider(ProviderSettings settings, ChatClient client) {
        this(settings, client, CallLimiter.of(settings));
    }

    public ResilientProvider(ProviderSettings settings, ChatClient client, CallLimiter limiter) {
        this.settings = settings;
        this.client = client;
        this.limiter = limiter;
        this.breaker = new CircuitBreaker(settings.failureThreshold(), settings.circuitDelay(), System::nanoTime);
        this.backoff = new Backoff(
                settings.initialBackoff(),
                settings.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public ProviderSettings settings() {
        return settings;
    }

    public CircuitBreaker.State circuit() {
        return breaker.state();
    }

    /**
     * A call holds one place of the concurrency limit over all its attempts. The limit is taken outside
     * the attempts: a call it refuses never reaches the circuit breaker, which counts the provider's
     * failures, not ours.
     */
    public Uni<ChatResult> complete(ChatRequest request, String model) {
        return limiter.call(() -> completeAttempt(request, model, 0, new AtomicBoolean()));
    }

    public Multi<ChatEvent> stream(ChatRequest request, String model) {
        return limiter.stream(() -> streamAttempt(request, model, 0, new AtomicBoolean(), new AtomicBoolean()));
    }

    private Uni<ChatResult> completeAttempt(ChatRequest request, String model, int retry, AtomicBoolean reconnected) {
        return Uni.createFrom()
                .deferred(() -> {
                    admit();
                    return client.complete(request, model);
                })
                .onItem()
                .invoke(breaker::onSuccess)
                .onCancellation()
                .invoke(breaker::onNeutral)
                .onFailure()
                .recoverWithUni(failure -> retryOrFail(failure, retry, false, reconnected, model)
                        .onItem()
                        .transformToUni(next -> completeAttempt(request, model, next, reconnected)));
    }

    private Multi<ChatEvent> streamAttempt(
            ChatRequest request, String model, int retry, AtomicBoolean emitted, AtomicBoolean reconnected) {
        return Multi.createFrom()
                .deferred(() -> {
                    admit();
                    return client.stream(request, model);
                })
                .onItem()
                .invoke(event -> {
                    if (event instanceof ChatEvent.Delta) {
                        emitted.set(true);
                    } else if (event instanceof ChatEvent.Done) {
                        breaker.onSuccess();
                    }
                })
                .onCancellation()
                .invoke(breaker::onNeutral)
                .onFailure()
                .recoverWithMulti(failure -> retryOrFail(failure, retry, emitted.get(), reconnected, model)
                        .onItem()
                        .transformToMulti(next -> streamAttempt(request, model, next, emitted, reconnected)));
    }

    /**
     * After a failed attempt: gives the number of the next attempt's retry after the pause before it, or
     * fails with what the caller is to see.
     */
    private Uni<Integer> retryOrFail(
            Throwable failure, int retry, boolean emitted, AtomicBoolean reconnected, String model) {
        ProviderException e = ProviderErrors.normalize(failure);
        if (!(e instanceof UpstreamException upstream)) {
            return Uni.createFrom().failure(e);
        }
        if (!emitted && upstream.connectionLost() && reconnected.compareAndSet(false, true)) {
            // Most likely a pooled keep-alive connection the server had already closed: the request never
            // got an answer and says nothing of the provider's health. The pool has dropped that connection,
            // so the next attempt goes out on another one at once, once per call, like the providers' SDKs.
            breaker.onNeutral();
            LOG.warnf(
                    "Model provider '%s' (model %s): %s, %s; retrying at once on another connection",
                    settings.name(), model, upstream.kind(), upstream.wireCause());
            return Uni.createFrom().item(retry);
        }
        record(upstream);
        if (emitted || !retryable(upstream, retry)) {
            logFailure(upstream, retry, emitted, model);
            return Uni.createFrom().failure(ProviderErrors.attribute(settings, upstream));
        }
        return pause(upstream, retry, model).replaceWith(retry + 1);
    }

    /** The caller's own bad request is no news for operators; anything else is. */
    private void logFailure(UpstreamException failure, int retry, boolean emitted, String model) {
        LOG.logf(
                failure.kind() == Kind.BAD_REQUEST ? Logger.Level.INFO : Logger.Level.WARN,
                "Model provider '%s' (model %s): %s, %s; failed after %d of %d retries%s",
                settings.name(),
                model,
                failure.kind(),
                failure.wireCause(),
                retry,
                settings.maxRetries(),
                emitted ? " (the answer had begun: not retried)" : "");
    }

    /** Not after the last retry, and not into a circuit that this failure has just opened. */
    private boolean retryable(UpstreamException failure, int retry) {
        return failure.retryable() && retry < settings.maxRetries() && breaker.state() != CircuitBreaker.State.OPEN;
    }

    /** Fails fast with CIRCUIT_OPEN while the breaker is open. */
    private void admit() {
        Duration open = breaker.acquire();
        if (!open.isZero()) {
            long seconds = ProviderErrors.seconds(open);
            throw new ProviderException(
                    Kind.CIRCUIT_OPEN,
                    settings.name(),
                    0,
                    null,
                    "Model provider '" + settings.name() + "' keeps failing; calls to it are paused for " + seconds
                            + " s",
                    Map.of("Retry-After", Long.toString(seconds)),
                    null);
        }
    }

    /**
     * Only signs of an unhealthy provider count against it; an answer that rejects the request proves it
     * is up, and a rate limit says nothing about its health.
     */
    private void record(UpstreamException failure) {
        switch (failure.kind()) {
            case UPSTREAM, OVERLOADED, TIMEOUT -> breaker.onFailure();
            case RATE_LIMITED -> breaker.onNeutral();
            default -> breaker.onSuccess();
        }
    }

    private Uni<Void> pause(UpstreamException failure, int retry, String model) {
        Duration delay = backoff.before(retry, failure.retryAfter());
        LOG.warnf(
                "Model provider '%s' (model %s): %s, %s; retry %d of %d in %d ms",
                settings.name(),
                model,
                failure.kind(),
                failure.wireCause(),
                retry + 1,
                settings.maxRetries(),
                delay.toMillis());
        if (delay.isZero()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(delay);
    }

    @Override
    public void close() {
        client.close();
    }
}
