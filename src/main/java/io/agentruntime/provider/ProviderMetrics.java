package io.agentruntime.provider;

import io.agentruntime.common.Metrics;
import io.agentruntime.provider.client.ChatClient;
import io.agentruntime.provider.client.ProviderErrors;
import io.agentruntime.provider.resilience.CallLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Provider meters for Prometheus, per HTTP attempt (a retried call counts each attempt):
 * {@code agent_runtime_provider_request_seconds{provider,outcome}} (histogram),
 * {@code agent_runtime_provider_errors_total{provider,status}} (the HTTP status, or the kind of failure
 * when there was no answer: timeout, upstream...) and
 * {@code agent_runtime_tokens_total{direction,provider,model}}, the model as {@link ModelLabels} bounds it;
 * and the concurrency limit's gauges {@code agent_runtime_provider_calls_in_flight{provider}} and
 * {@code agent_runtime_provider_calls_queued{provider}}.
 */
@ApplicationScoped
class ProviderMetrics {

    private final MeterRegistry registry;
    private final ModelLabels models;

    ProviderMetrics(MeterRegistry registry, ModelLabels models) {
        this.registry = registry;
        this.models = models;
    }

    /** The client with every attempt measured. */
    ChatClient measured(String provider, ChatClient client) {
        return new Measured(provider, client);
    }

    /** The limiter, its calls in flight and waiting in line as gauges. */
    CallLimiter limited(String provider, CallLimiter limiter) {
        Gauge.builder(Metrics.name("provider.calls.in.flight"), limiter, CallLimiter::inFlight)
                .description("Calls to the model provider in flight on this replica (retries and pauses included)")
                .tags("provider", provider)
                .register(registry);
        Gauge.builder(Metrics.name("provider.calls.queued"), limiter, CallLimiter::queued)
                .description("Calls waiting for their turn under the provider's concurrency limit")
                .tags("provider", provider)
                .register(registry);
        return limiter;
    }

    private void request(String provider, long startedNanos, String outcome) {
        Timer.builder(Metrics.name("provider.request"))
                .description("Model provider HTTP requests (one per attempt), by outcome")
                .tags("provider", provider, "outcome", outcome)
                .serviceLevelObjectives(Metrics.MODEL_BUCKETS)
                .register(registry)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    private void succeeded(String provider, String model, long startedNanos, ChatResult result) {
        request(provider, startedNanos, "success");
        TokenUsage usage = result.usage() == null ? TokenUsage.NONE : result.usage();
        tokens(provider, model, "in", usage.inputTokens());
        tokens(provider, model, "out", usage.outputTokens());
    }

    private void failed(String provider, long startedNanos, Throwable failure) {
        request(provider, startedNanos, "error");
        ProviderException e = ProviderErrors.normalize(failure);
        String status = e.httpStatus() > 0
                ? Integer.toString(e.httpStatus())
                : e.kind().name().toLowerCase(Locale.ROOT);
        Counter.builder(Metrics.name("provider.errors"))
                .description("Failed model provider requests, by HTTP status (or kind of failure without an answer)")
                .tags("provider", provider, "status", status)
                .register(registry)
                .increment();
    }

    private void tokens(String provider, String model, String direction, long count) {
        if (count > 0) {
            Counter.builder(Metrics.name("tokens"))
                    .description("Tokens sent to (in) and received from (out) model providers")
                    .tags("direction", direction, "provider", provider, "model", models.of(model))
                    .register(registry)
                    .increment(count);
        }
    }

    /** Measures each attempt; the requested model labels the tokens (the provider may answer with a dated name). */
    private final class Measured implements ChatClient {

        private final String provider;
        private final ChatClient client;

        Measured(String provider, ChatClient client) {
            this.provider = provider;
            this.client = client;
        }

        @Override
        public Uni<ChatResult> complete(ChatRequest request, String model) {
            return Uni.createFrom().deferred(() -> {
                long started = System.nanoTime();
                return client.complete(request, model)
                        .onItem()
                        .invoke(result -> succeeded(provider, model, started, result))
                        .onFailure()
                        .invoke(failure -> failed(provider, started, failure))
                        .onCancellation()
                        .invoke(() -> request(provider, started, "canceled"));
            });
        }

        @Override
        public Multi<ChatEvent> stream(ChatRequest request, String model) {
            return Multi.createFrom().deferred(() -> {
                long started = System.nanoTime();
                // A consumer may cancel after the Done event: the attempt has succeeded then.
                AtomicBoolean done = new AtomicBoolean();
                return client.stream(request, model)
                        .onItem()
                        .invoke(event -> {
                            if (event instanceof ChatEvent.Done d && done.compareAndSet(false, true)) {
                                succeeded(provider, model, started, d.result());
                            }
                        })
                        .onFailure()
                        .invoke(failure -> failed(provider, started, failure))
                        .onCancellation()
                        .invoke(() -> {
                            if (done.compareAndSet(false, true)) {
                                request(provider, started, "canceled");
                            }
                        });
            });
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
