package io.agentruntime.task.run;

import io.agentruntime.provider.ChatEvent;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskView;
import io.agentruntime.task.run.ExecutionSink.Outcome;
import io.agentruntime.task.run.ExecutionSink.Recorded;
import io.agentruntime.task.run.ExecutionSink.Report;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One task being answered on this replica: holds the provider subscription, the text so far, the
 * events not yet written and the local listeners. Provider items arrive on event-loop threads, so
 * nothing here blocks: what it produced goes to its {@link ExecutionSink}, one write after the other,
 * on the writer executor. It knows nothing of who started it: its end is {@link #result()}.
 */
final class TaskExecution {

    private enum State {
        RUNNING,
        FINISHING,
        DONE
    }

    final UUID taskId;
    private final int maxAnswerChars;
    private final ExecutionSink sink;
    private final Executor writer;
    private final Executor flushLater;

    private final Object lock = new Object();
    private final StringBuilder output = new StringBuilder();
    private final List<TaskEvent> log = new ArrayList<>();
    private final List<TaskEvent> unsaved = new ArrayList<>();
    private final List<MultiEmitter<? super TaskEvent>> listeners = new ArrayList<>();
    private final CompletableFuture<TaskView> result = new CompletableFuture<>();
    private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
    private long nextSeq;
    private State state = State.RUNNING;
    private boolean flushScheduled;
    private Cancellable subscription;

    /**
     * @param writer     runs the writes to the sink, in order (virtual threads in the service)
     * @param flushLater runs the flush of streamed text once the flush interval has passed
     */
    TaskExecution(
            UUID taskId,
            long nextSeq,
            List<TaskEvent> initial,
            int maxAnswerChars,
            ExecutionSink sink,
            Executor writer,
            Executor flushLater) {
        this.taskId = taskId;
        this.nextSeq = nextSeq;
        this.maxAnswerChars = maxAnswerChars;
        this.sink = sink;
        this.writer = writer;
        this.flushLater = flushLater;
        this.log.addAll(initial);
    }

    void start(Multi<ChatEvent> source) {
        Cancellable c = source.subscribe().with(this::onItem, this::onFailure, this::onCompletion);
        boolean stopped;
        synchronized (lock) {
            subscription = c;
            stopped = state != State.RUNNING;
        }
        if (stopped) {
            c.cancel();
        }
    }

    /** Completes with the final task once its outcome is committed. */
    CompletableFuture<TaskView> result() {
        return result;
    }

    /** The events from {@code afterSeq} on (those of earlier attempts excluded), then live ones. */
    Multi<TaskEvent> events(long afterSeq) {
        return Multi.createFrom()
                .emitter(
                        emitter -> {
                            synchronized (lock) {
                                for (TaskEvent e : log) {
                                    if (e.seq() > afterSeq) {
                                        emitter.emit(e);
                                    }
                                }
                                if (state == State.DONE) {
                                    emitter.complete();
                                    return;
                                }
                                listeners.add(emitter);
                            }
                            emitter.onTermination(() -> {
                                synchronized (lock) {
                                    listeners.remove(emitter);
                                }
                            });
                        },
                        BackPressureStrategy.BUFFER);
    }

    /** The lowest sequence number the in-memory log can replay from. */
    long firstSeq() {
        synchronized (lock) {
            return log.isEmpty() ? nextSeq : log.get(0).seq();
        }
    }

    /** Stops the provider call; the partial text is kept. False when the task was already ending. */
    boolean cancel() {
        return finish(new Outcome.Canceled(), true);
    }

    /**
     * The lease renewal found the task no longer running under this replica's lease: stops it, unless
     * its final write has begun. That write checks the lease itself, and a task it has just committed
     * is no longer 'running' in the database, which a renewal that read it a moment later takes for a
     * lost lease: abandoning then would end the listeners without the {@code done} event.
     *
     * @return whether the execution stopped here
     */
    boolean leaseLost(String reason) {
        return stop(reason, false);
    }

    /**
     * Stops without writing anything (the lease is gone, or the replica hands the task back): the
     * listeners end and the result fails with the reason.
     */
    void abandon(String reason) {
        stop(reason, true);
    }

    /** @param evenIfFinishing stop while the final write runs too (its answer is then dropped) */
    private boolean stop(String reason, boolean evenIfFinishing) {
        Cancellable c;
        List<MultiEmitter<? super TaskEvent>> toEnd;
        synchronized (lock) {
            if (state == State.DONE || state == State.FINISHING && !evenIfFinishing) {
                return false;
            }
            state = State.DONE;
            c = subscription;
            toEnd = List.copyOf(listeners);
            listeners.clear();
        }
        if (c != null) {
            c.cancel();
        }
        toEnd.forEach(MultiEmitter::complete);
        result.completeExceptionally(new TaskAbandoned(reason));
        return true;
    }

    private void onItem(ChatEvent item) {
        if (item instanceof ChatEvent.Delta delta) {
            if (delta.text() == null || delta.text().isEmpty()) {
                return;
            }
            boolean schedule;
            boolean tooLarge;
            synchronized (lock) {
                if (state != State.RUNNING) {
                    return;
                }
                tooLarge = output.length() + delta.text().length() > maxAnswerChars;
            }
            if (tooLarge) {
                finish(new Outcome.Failed(new TaskErrors.AnswerTooLarge(maxAnswerChars)), true);
                return;
            }
            synchronized (lock) {
                if (state != State.RUNNING) {
                    return;
                }
                output.append(delta.text());
                TaskEvent event = next(TaskEvent.Kind.DELTA, Map.of("text", delta.text()));
                unsaved.add(event);
                publishLocked(event);
                schedule = !flushScheduled;
                flushScheduled = true;
            }
            if (schedule) {
                flushLater.execute(this::flush);
            }
        } else if (item instanceof ChatEvent.Done done) {
            String text = done.result() == null ? null : done.result().text();
            if (text != null && text.length() > maxAnswerChars) {
                finish(new Outcome.Failed(new TaskErrors.AnswerTooLarge(maxAnswerChars)), false);
                return;
            }
            finish(new Outcome.Completed(done.result()), false);
        }
    }

    private void onFailure(Throwable failure) {
        finish(new Outcome.Failed(failure), false);
    }

    private void onCompletion() {
        // Every answer completes its stream after its Done event has finished the task: build the failure
        // (and fill its stack trace, once per task on the hot path) only when no Done came.
        synchronized (lock) {
            if (state != State.RUNNING) {
                return;
            }
        }
        finish(new Outcome.Failed(new IllegalStateException("The provider's answer ended without a result")), false);
    }

    private boolean finish(Outcome outcome, boolean cancelSubscription) {
        Cancellable c;
        synchronized (lock) {
            if (state != State.RUNNING) {
                return false;
            }
            state = State.FINISHING;
            c = subscription;
        }
        if (cancelSubscription && c != null) {
            c.cancel();
        }
        write(() -> record(outcome));
        return true;
    }

    /** The final write: the outcome with the events not yet written, then the listeners learn the end. */
    private void record(Outcome outcome) {
        Report report;
        synchronized (lock) {
            report = new Report(taskId, outcome, output.toString(), List.copyOf(unsaved), nextSeq);
            unsaved.clear();
        }
        Recorded recorded;
        try {
            recorded = sink.finish(report);
        } catch (RuntimeException e) {
            recorded = new Recorded.NotRecorded("the outcome could not be recorded");
        }
        switch (recorded) {
            case Recorded.Committed c -> finished(c.view(), c.finalEvents());
            case Recorded.NotRecorded n -> abandon(n.reason());
        }
    }

    /** Writes the streamed text not yet in the database (once the flush interval has passed). */
    private void flush() {
        synchronized (lock) {
            if (unsaved.isEmpty() || state != State.RUNNING) {
                // Nothing to write, or the final write (queued before any write this would queue) takes it: most
                // answers end within the interval, and then this costs no virtual thread.
                flushScheduled = false;
                return;
            }
        }
        write(() -> {
            List<TaskEvent> batch;
            synchronized (lock) {
                flushScheduled = false;
                if (unsaved.isEmpty() || state == State.DONE) {
                    return;
                }
                batch = List.copyOf(unsaved);
                unsaved.clear();
            }
            try {
                if (!sink.chunk(taskId, batch)) {
                    abandon("the task's lease was taken over by another replica");
                }
            } catch (RuntimeException e) {
                // Put the batch back: the next flush or the final write takes it.
                synchronized (lock) {
                    unsaved.addAll(0, batch);
                }
                throw e;
            }
        });
    }

    /** Serialises this task's database writes, in order, off the event loop. */
    private void write(Runnable work) {
        synchronized (lock) {
            writes = writes.handle((v, e) -> null).thenRunAsync(work, writer);
        }
    }

    /** The outcome is committed: tell the listeners and the waiting caller. */
    private void finished(TaskView view, List<TaskEvent> finalEvents) {
        List<MultiEmitter<? super TaskEvent>> toEnd;
        synchronized (lock) {
            finalEvents.forEach(this::publishLocked);
            state = State.DONE;
            toEnd = List.copyOf(listeners);
            listeners.clear();
        }
        toEnd.forEach(MultiEmitter::complete);
        result.complete(view);
    }

    private TaskEvent next(TaskEvent.Kind kind, Map<String, Object> data) {
        return new TaskEvent(nextSeq++, kind, data, Instant.now());
    }

    private void publishLocked(TaskEvent event) {
        log.add(event);
        for (MultiEmitter<? super TaskEvent> l : listeners) {
            l.emit(event);
        }
    }

    /** The execution stopped without an outcome of its own. */
    static final class TaskAbandoned extends RuntimeException {
        TaskAbandoned(String reason) {
            super(reason);
        }
    }
}
