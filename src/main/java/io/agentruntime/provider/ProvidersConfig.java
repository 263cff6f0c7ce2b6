package io.agentruntime.provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named model providers: {@code providers.<name>.*}. The names {@code anthropic} and {@code openai}
 * are predefined in application.properties and filled from {@code ANTHROPIC_*} / {@code OPENAI_*}
 * environment variables; any other name can be added. A provider takes part only when its API key or
 * its base URL is set.
 */
@ConfigMapping(prefix = "providers")
public interface ProvidersConfig {

    /** Every named provider, keyed by its name. */
    @WithParentName
    Map<String, Provider> named();

    /** The wire protocol a provider speaks. */
    enum Kind {
        /** Anthropic Messages API ({@code POST /v1/messages}). */
        ANTHROPIC,
        /** OpenAI Chat Completions and compatible servers (vLLM, Ollama, LiteLLM, ...). */
        OPENAI
    }

    /** Which field carries the output limit on an OpenAI-compatible provider. */
    enum TokenLimitField {
        /** {@code max_completion_tokens} on api.openai.com, {@code max_tokens} elsewhere. */
        AUTO,
        MAX_TOKENS,
        MAX_COMPLETION_TOKENS
    }

    /** One named provider. */
    interface Provider {

        /** The protocol: {@code anthropic} or {@code openai}. */
        Kind kind();

        /**
         * Where the provider listens. Without it: https://api.anthropic.com or https://api.openai.com/v1.
         * A base without a version segment (such as {@code /v1}) gets {@code /v1} appended.
         */
        Optional<String> baseUrl();

        /** The API key. Only from the environment or a mounted Kubernetes Secret; never logged. */
        Optional<String> apiKey();

        /** The model used when a request names only this provider, an alias without a match, or inherit. */
        Optional<String> defaultModel();

        /** Time allowed to open a connection, or to wait for one from a full pool. */
        @WithDefault("10s")
        Duration connectTimeout();

        /**
         * Longest silence allowed within one attempt: until the whole answer (blocking) or between two
         * stream events (streaming).
         */
        @WithDefault("5m")
        Duration readTimeout();

        /** Retries after the first attempt for 408, 409, 429, 5xx, 529, timeouts and lost connections. */
        @WithDefault("2")
        @Min(0)
        @Max(10)
        int maxRetries();

        /** Backoff between retries. */
        Retry retry();

        /** Fail-fast protection when the provider keeps failing. */
        CircuitBreaker circuitBreaker();

        /** The HTTP connections to the provider. */
        Connections connections();

        /** How many calls this replica makes to the provider at once, and how long further calls wait. */
        Concurrency concurrency();

        /** Output limit when a request sets none. Anthropic requires one and gets 4096 when unset. */
        Optional<Integer> maxTokensDefault();

        /** OpenAI-compatible only: whether the limit is sent as max_tokens or max_completion_tokens. */
        @WithDefault("auto")
        TokenLimitField tokenLimitField();

        /**
         * Other providers to try, in order, when this one fails before answering anything. A fallback
         * uses its own default model.
         */
        Optional<List<String>> fallback();
    }

    /** Exponential backoff with full jitter; a provider's retry-after wins, capped by max-backoff. */
    interface Retry {

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }

    /** Consecutive failures open the circuit for {@code delay}; then one probe call decides. */
    interface CircuitBreaker {

        @WithDefault("5")
        @Min(1)
        int failureThreshold();

        @WithDefault("30s")
        Duration delay();
    }

    /**
     * The provider's connection pool. Model calls take seconds to minutes, so one replica holds many open
     * at once: the pool is sized for that, not for quick REST calls.
     */
    interface Connections {

        /**
         * Most connections open at once, for whole answers and again for streams (each has a pool of its
         * own). Over HTTP/1.1 each call in flight holds one, so this is also the most calls in flight; over
         * HTTP/2 each connection carries many calls.
         */
        @WithDefault("1000")
        @Min(1)
        int poolSize();

        /**
         * Most calls waiting for a connection when the pool is full; -1 for no limit. Rarely reached:
         * {@code concurrency.max-calls} queues calls before they get here.
         */
        @WithDefault("-1")
        @Min(-1)
        int waitQueueSize();

        /**
         * Whether connections are kept open and reused between calls, whole answers and streams alike (a
         * stream's connection goes back to the pool once its response was read to its end; see
         * {@code provider.client.Apis}).
         */
        @WithDefault("true")
        boolean keepAlive();

        /**
         * How long an idle connection is kept for reuse before it is closed, in whole seconds. Shorter than
         * the shortest usual server-side idle close: uvicorn (vLLM, LiteLLM) and Node.js close idle
         * connections after 5 s, others after 15 to 75 s. When we close first, no call goes out on a
         * connection the server is closing (which fails as "connection closed" before any answer); the price
         * is a new connection after 4 s of quiet, small next to a model call.
         */
        @WithDefault("4s")
        Duration keepAliveTimeout();

        /**
         * Whether to speak HTTP/2 (one connection carries many calls). Without it: on for https base URLs,
         * negotiated with the server and falling back to HTTP/1.1; off for plain http. Whole-answer calls
         * only: streams stay on HTTP/1.1, in a pool of their own with the same size and keep-alive settings.
         */
        Optional<Boolean> http2();
    }

    /**
     * Backpressure: past {@code max-calls} calls in flight, further calls wait in order of arrival for up
     * to {@code queue-time}, then fail with 503 and Retry-After. This limit is ours: calls it refuses
     * never count against the provider in the circuit breaker.
     */
    interface Concurrency {

        /** Most calls to this provider in flight at once on this replica (retries included). */
        @WithDefault("1000")
        @Min(1)
        int maxCalls();

        /** Longest a call waits for its turn before it fails. */
        @WithDefault("60s")
        Duration queueTime();
    }
}
