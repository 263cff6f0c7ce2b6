package io.agentruntime.task;

import io.agentruntime.provider.ChatEvent;
import io.agentruntime.provider.ChatResult;
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
 * nothing here blocks: database work is handed to {@link TaskExecutor} and runs, one write after the
 * other, on virtual threads.
 */
final class TaskExecution {

    /** How a task ended. */
    sealed interface Outcome {
        record Completed(ChatResult result) implements Outcome {}

        record Failed(Throwable cause) implements Outcome {}

        record Canceled() implements Outcome {}
    }

    private enum State {
        RUNNING,
        FINISHING,
        DONE
    }

    final UUID taskId;
    final UUID sessionId;
    private final TaskExecutor executor;
    private final Executor writer;

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

    TaskExecution(
            UUID taskId,
            UUID sessionId,
            long nextSeq,
            List<TaskEvent> initial,
            TaskExecutor executor,
            Executor writer) {
        this.taskId = taskId;
        this.sessionId = sessionId;
        this.nextSeq = nextSeq;
        this.executor = executor;
        this.writer = writer;
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

    boolean finished() {
        synchronized (lock) {
            return state == State.DONE;
        }
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
     * Stops without writing anything (the lease is gone, or the replica hands the task back): the
     * listeners end and the result fails with the reason.
     */
    void abandon(String reason) {
        Cancellable c;
        List<MultiEmitter<? super TaskEvent>> toEnd;
        synchronized (lock) {
            if (state == State.DONE) {
                return;
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
        executor.forget(this);
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
                tooLarge = output.length() + delta.text().length() > executor.maxAnswerChars();
            }
            if (tooLarge) {
                finish(new Outcome.Failed(new TaskErrors.AnswerTooLarge(executor.maxAnswerChars())), true);
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
                executor.scheduleFlush(this);
            }
        } else if (item instanceof ChatEvent.Done done) {
            String text = done.result() == null ? null : done.result().text();
            if (text != null && text.length() > executor.maxAnswerChars()) {
                finish(new Outcome.Failed(new TaskErrors.AnswerTooLarge(executor.maxAnswerChars())), false);
                return;
            }
            finish(new Outcome.Completed(done.result()), false);
        }
    }

    private void onFailure(Throwable failure) {
        finish(new Outcome.Failed(failure), false);
    }

    private void onCompletion() {
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
        write(() -> executor.finish(this, outcome));
        return true;
    }

    /** Writes the streamed text not yet in the database (called by the flush timer). */
    void flush() {
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
                if (!executor.saveChunk(this, batch)) {
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

    /** Text streamed so far. */
    String partialOutput() {
        synchronized (lock) {
            return output.toString();
        }
    }

    /** The events not yet written, handed to the final write, which writes them with its own. */
    List<TaskEvent> takeUnsaved() {
        synchronized (lock) {
            List<TaskEvent> batch = List.copyOf(unsaved);
            unsaved.clear();
            return batch;
        }
    }

    TaskEvent nextEvent(TaskEvent.Kind kind, Map<String, Object> data) {
        synchronized (lock) {
            return next(kind, data);
        }
    }

    /** The outcome is committed: tell the listeners and the waiting caller. */
    void finished(TaskView view, List<TaskEvent> finalEvents) {
        List<MultiEmitter<? super TaskEvent>> toEnd;
        synchronized (lock) {
            finalEvents.forEach(this::publishLocked);
            state = State.DONE;
            toEnd = List.copyOf(listeners);
            listeners.clear();
        }
        toEnd.forEach(MultiEmitter::complete);
        result.complete(view);
        executor.forget(this);
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
