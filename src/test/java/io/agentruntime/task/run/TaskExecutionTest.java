package io.agentruntime.task.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentruntime.provider.ChatEvent;
import io.agentruntime.provider.ChatResult;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskMode;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskView;
import io.agentruntime.task.run.ExecutionSink.Outcome;
import io.agentruntime.task.run.ExecutionSink.Recorded;
import io.agentruntime.task.run.ExecutionSink.Report;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskExecution} on its own: the provider is a processor the test feeds, the writes run on the
 * calling thread, the flush runs when the test says, and the sink is a fake that records what it is told.
 */
class TaskExecutionTest {

    private static final UUID ID = UUID.randomUUID();
    private static final TaskEvent STARTED = new TaskEvent(1, TaskEvent.Kind.TASK, Map.of(), Instant.now());

    private final UnicastProcessor<ChatEvent> provider = UnicastProcessor.create();
    private final AtomicBoolean providerCanceled = new AtomicBoolean();
    private final FakeSink sink = new FakeSink();
    private final List<Runnable> flushes = new ArrayList<>();
    private final AtomicInteger writesRun = new AtomicInteger();

    private TaskExecution start(int maxAnswerChars) {
        TaskExecution execution =
                new TaskExecution(ID, 2, List.of(STARTED), maxAnswerChars, sink, this::write, flushes::add);
        execution.start(provider.onCancellation().invoke(() -> providerCanceled.set(true)));
        return execution;
    }

    /** The writer: runs each write at once, counting them. */
    private void write(Runnable work) {
        writesRun.incrementAndGet();
        work.run();
    }

    @Test
    void writesStreamedTextInBatchesThenTheOutcomeWithTheRest() {
        TaskExecution execution = start(1000);
        AssertSubscriber<TaskEvent> follower =
                execution.events(0).subscribe().withSubscriber(AssertSubscriber.create(100));

        provider.onNext(new ChatEvent.Delta("Hel"));
        provider.onNext(new ChatEvent.Delta("lo"));
        assertThat(flushes).as("one flush per batch").hasSize(1);
        flushes.removeFirst().run();
        assertThat(sink.chunks).hasSize(1);
        assertThat(sink.chunks.getFirst()).extracting(TaskEvent::seq).containsExactly(2L, 3L);

        provider.onNext(new ChatEvent.Delta(" you"));
        ChatResult result = new ChatResult("Hello you", "anthropic", "m", "end_turn", null, "r", 12);
        provider.onNext(new ChatEvent.Done(result));

        Report report = sink.reports.getFirst();
        assertThat(report.outcome()).isEqualTo(new Outcome.Completed(result));
        assertThat(report.partialOutput()).isEqualTo("Hello you");
        assertThat(report.unsaved()).extracting(TaskEvent::seq).containsExactly(4L);
        assertThat(report.nextSeq()).isEqualTo(5);

        assertThat(execution.result().join().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(execution.result()).isDone();
        follower.assertCompleted();
        assertThat(follower.getItems())
                .extracting(TaskEvent::kind)
                .containsExactly(
                        TaskEvent.Kind.TASK,
                        TaskEvent.Kind.DELTA,
                        TaskEvent.Kind.DELTA,
                        TaskEvent.Kind.DELTA,
                        TaskEvent.Kind.DONE);
        // A flush still pending finds everything written.
        flushes.forEach(Runnable::run);
        assertThat(sink.chunks).hasSize(1);
        // Late followers replay from memory, after the sequence number they name.
        assertThat(execution.events(3).collect().asList().await().indefinitely())
                .extracting(TaskEvent::seq)
                .containsExactly(4L, 5L);
    }

    @Test
    void aFlushDueAfterTheAnswerEndedQueuesNoWrite() {
        TaskExecution execution = start(1000);
        provider.onNext(new ChatEvent.Delta("Hi"));
        provider.onNext(new ChatEvent.Done(new ChatResult("Hi", "anthropic", "m", "end_turn", null, "r", 1)));
        assertThat(execution.result()).isDone();
        int writes = writesRun.get();

        flushes.removeFirst().run();

        assertThat(writesRun).as("the final write took the text").hasValue(writes);
        assertThat(sink.chunks).isEmpty();
        assertThat(sink.reports.getFirst().unsaved()).extracting(TaskEvent::seq).containsExactly(2L);
    }

    @Test
    void cancelStopsTheProviderCallAndKeepsThePartialText() {
        TaskExecution execution = start(1000);
        provider.onNext(new ChatEvent.Delta("Part"));

        assertThat(execution.cancel()).isTrue();

        assertThat(providerCanceled).isTrue();
        assertThat(sink.reports).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isInstanceOf(Outcome.Canceled.class);
            assertThat(r.partialOutput()).isEqualTo("Part");
        });
        assertThat(execution.cancel()).as("already ended").isFalse();
    }

    @Test
    void anAnswerOverTheLimitFailsTheTask() {
        start(5);
        provider.onNext(new ChatEvent.Delta("123456"));

        assertThat(providerCanceled).isTrue();
        assertThat(sink.reports)
                .singleElement()
                .extracting(Report::outcome)
                .isInstanceOfSatisfying(
                        Outcome.Failed.class, f -> assertThat(f.cause()).isInstanceOf(TaskErrors.AnswerTooLarge.class));
    }

    @Test
    void aLostLeaseAbandonsTheTaskWithoutAnOutcome() {
        TaskExecution execution = start(1000);
        AssertSubscriber<TaskEvent> follower =
                execution.events(0).subscribe().withSubscriber(AssertSubscriber.create(100));
        sink.chunkAccepted = false;

        provider.onNext(new ChatEvent.Delta("Hi"));
        flushes.removeFirst().run();

        assertThat(execution.result()).isDone();
        assertThat(providerCanceled).isTrue();
        follower.assertCompleted();
        assertThatThrownBy(() -> execution.result().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(TaskExecution.TaskAbandoned.class)
                .hasMessageContaining("lease");
        assertThat(sink.reports).isEmpty();
    }

    @Test
    void aLeaseRenewalThatFindsTheTaskRunningNoMoreStopsIt() {
        TaskExecution execution = start(1000);
        AssertSubscriber<TaskEvent> follower =
                execution.events(0).subscribe().withSubscriber(AssertSubscriber.create(100));

        assertThat(execution.leaseLost("the task's lease was taken over by another replica"))
                .isTrue();

        assertThat(providerCanceled).isTrue();
        follower.assertCompleted();
        assertThatThrownBy(() -> execution.result().join()).hasCauseInstanceOf(TaskExecution.TaskAbandoned.class);
        assertThat(sink.reports).isEmpty();
    }

    @Test
    void aLeaseRenewalDuringTheFinalWriteLeavesItToThatWrite() {
        // The renewal reads the task a moment after the final write committed it: no longer 'running', it looks
        // lost. The write has checked the lease itself; the listeners must still get the done event.
        TaskExecution execution = start(1000);
        AssertSubscriber<TaskEvent> follower =
                execution.events(0).subscribe().withSubscriber(AssertSubscriber.create(100));
        List<Boolean> stoppedByRenewal = new ArrayList<>();
        sink.answer = report -> {
            Recorded committed = FakeSink.commit(report);
            stoppedByRenewal.add(execution.leaseLost("the task's lease was taken over by another replica"));
            return committed;
        };

        provider.onNext(new ChatEvent.Done(new ChatResult("Hi", "anthropic", "m", "end_turn", null, "r", 1)));

        assertThat(stoppedByRenewal).containsExactly(false);
        assertThat(execution.result().join().status()).isEqualTo(TaskStatus.COMPLETED);
        follower.assertCompleted();
        assertThat(follower.getItems()).extracting(TaskEvent::kind).endsWith(TaskEvent.Kind.DONE);
    }

    @Test
    void anOutcomeNotRecordedAbandonsTheTask() {
        TaskExecution execution = start(1000);
        sink.answer = report -> new Recorded.NotRecorded("the outcome could not be recorded");

        provider.onError(new IllegalStateException("boom"));

        assertThat(sink.reports).singleElement().extracting(Report::outcome).isInstanceOf(Outcome.Failed.class);
        assertThatThrownBy(() -> execution.result().join())
                .hasCauseInstanceOf(TaskExecution.TaskAbandoned.class)
                .hasMessageContaining("could not be recorded");
    }

    @Test
    void aProviderThatEndsWithoutAResultFailsTheTask() {
        TaskExecution execution = start(1000);

        provider.onComplete();

        assertThat(sink.reports).singleElement().extracting(Report::outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(execution.result().join().status()).isEqualTo(TaskStatus.FAILED);
    }

    /** Records what the execution reports; commits by default. */
    private static final class FakeSink implements ExecutionSink {
        final List<List<TaskEvent>> chunks = new ArrayList<>();
        final List<Report> reports = new ArrayList<>();
        boolean chunkAccepted = true;
        Function<Report, Recorded> answer = FakeSink::commit;

        @Override
        public boolean chunk(UUID taskId, List<TaskEvent> batch) {
            assertThat(taskId).isEqualTo(ID);
            if (chunkAccepted) {
                chunks.add(batch);
            }
            return chunkAccepted;
        }

        @Override
        public Recorded finish(Report report) {
            reports.add(report);
            return answer.apply(report);
        }

        private static Recorded commit(Report report) {
            TaskStatus status = switch (report.outcome()) {
                case Outcome.Completed c -> TaskStatus.COMPLETED;
                case Outcome.Failed f -> TaskStatus.FAILED;
                case Outcome.Canceled c -> TaskStatus.CANCELED;
            };
            TaskView view = new TaskView(
                    ID,
                    null,
                    "a",
                    "m",
                    "p",
                    status,
                    TaskMode.BLOCKING,
                    "in",
                    report.partialOutput(),
                    null,
                    null,
                    null,
                    Map.of(),
                    1,
                    false,
                    Instant.now(),
                    Instant.now(),
                    Instant.now(),
                    null,
                    null);
            return new Recorded.Committed(
                    view, List.of(new TaskEvent(report.nextSeq(), TaskEvent.Kind.DONE, Map.of(), Instant.now())));
        }
    }
}
