package io.agentruntime.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/** Settings of task execution: history budget, background workers, leases, streams, idempotency. */
@ConfigMapping(prefix = "tasks")
public interface TasksConfig {

    /** How much of a continued session is sent back to the model. */
    History history();

    /** The background worker that runs queued tasks on this replica. */
    Worker worker();

    /** Server-Sent Events. */
    Stream stream();

    /** Idempotency-Key handling. */
    Idempotency idempotency();

    /**
     * How long a stopping replica lets its running tasks finish before it hands them back to the
     * queue; keep it below the orchestrator's termination grace period (Kubernetes: 30 s).
     */
    @WithDefault("25s")
    Duration shutdownGracePeriod();

    /** Longest accepted task input, in characters. */
    @WithDefault("200000")
    int maxInputChars();

    /**
     * Longest answer a task keeps, in characters. A longer answer ends the task {@code failed} with an
     * {@code answer_too_large} error, once: it is never re-run (that would pay the provider again). At
     * most 10,000,000, well below the JSON library's limit of 20,000,000 characters per string.
     */
    @WithDefault("1000000")
    @Min(1)
    @Max(10_000_000)
    int maxAnswerChars();

    interface History {

        /** Most previous messages sent with a new turn. */
        @WithDefault("50")
        int maxMessages();

        /** Most characters of previous messages sent with a new turn. */
        @WithDefault("100000")
        int maxChars();
    }

    interface Worker {

        /** Whether this replica claims queued tasks (and recovers tasks whose lease expired). */
        @WithDefault("true")
        boolean enabled();

        /** Most queued tasks this replica runs at once. */
        @WithDefault("8")
        int concurrency();

        /**
         * How often the worker scans for expired leases and looks at the queue without being woken.
         * Queued tasks wake the workers of every replica at once (PostgreSQL {@code LISTEN/NOTIFY}), so
         * this is the fallback for a lost notification and bounds how late a dead replica's task is
         * taken over (after its lease); each poll is one transaction. The scheduler steps once a
         * second: shorter values act as one second.
         */
        @WithDefault("10s")
        Duration pollInterval();

        /**
         * How long a claim on a running task lasts without renewal; renewed every third of it, at most
         * once a second.
         */
        @WithDefault("30s")
        Duration lease();

        /** Most times a task is started; a task whose lease expires this often is failed. */
        @WithDefault("3")
        int maxAttempts();

        /**
         * How often the replica looks for cancel requests made on other replicas for its tasks. The
         * scheduler that runs the look steps once a second: shorter values act as one second.
         */
        @WithDefault("1s")
        Duration cancelCheckInterval();

        /** Name of this replica in task leases; defaults to the host name plus a random suffix. */
        Optional<String> replicaId();
    }

    interface Stream {

        /** Interval of the keep-alive comment on an idle event stream. */
        @WithDefault("15s")
        Duration keepalive();

        /** How long streamed text may wait before it is written to task_events (in batches). */
        @WithDefault("250ms")
        Duration flushInterval();

        /** How often a follower of a task's events polls the database for new ones. */
        @WithDefault("250ms")
        Duration pollInterval();
    }

    interface Idempotency {

        /** How long an Idempotency-Key is remembered (at least 24 h by the API conventions). */
        @WithDefault("24h")
        Duration retention();
    }
}
