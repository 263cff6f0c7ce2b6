package io.agentruntime.task.run;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.common.db.WriteGroup;
import io.agentruntime.provider.ChatMessage;
import io.agentruntime.provider.ChatRequest;
import io.agentruntime.provider.ChatResult;
import io.agentruntime.provider.ResolvedModel;
import io.agentruntime.provider.TokenUsage;
import io.agentruntime.session.HistoryBudget;
import io.agentruntime.session.MessageView;
import io.agentruntime.session.NewMessage;
import io.agentruntime.session.SessionService;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskMode;
import io.agentruntime.task.TaskProblem;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskView;
import io.agentruntime.task.TasksConfig;
import io.agentruntime.task.store.TaskEnding;
import io.agentruntime.task.store.TaskEntity;
import io.agentruntime.task.store.TaskStore;
import io.agentruntime.usage.UsageRecord;
import io.agentruntime.usage.UsageService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The moves of a task between states, each inside the caller's transaction on a locked row, each
 * recording its event. The one writer of a task's messages to its session: the user's when the
 * task begins, the assistant's when it completes.
 */
@ApplicationScoped
class TaskTransitions {

    private static final Logger LOG = Logger.getLogger(TaskTransitions.class);

    private final SessionService sessions;
    private final TaskStore store;
    private final TaskJson json;
    private final TasksConfig config;
    private final ReplicaId replica;
    private final Event<TaskEnded> ended;
    private final UsageService usage;
    private final WriteGroup writes;

    TaskTransitions(
            SessionService sessions,
            TaskStore store,
            TaskJson json,
            TasksConfig config,
            ReplicaId replica,
            Event<TaskEnded> ended,
            UsageService usage,
            WriteGroup writes) {
        this.sessions = sessions;
        this.store = store;
        this.json = json;
        this.config = config;
        this.replica = replica;
        this.ended = ended;
        this.usage = usage;
        this.writes = writes;
    }

    /**
     * To running: reads the history, commits the user message (once, on the first attempt), takes
     * the lease and records the {@code task} event.
     *
     * @param task a managed, locked row, queued
     */
    StartPlan begin(TaskEntity task, AgentDefinition agent, long lastSeq) {
        // Set before the history query, whose flush then writes the row once, already running.
        StartPlan plan = withHistory(task, agent, lastSeq, toRunning(task));
        store.flush();
        return plan;
    }

    /**
     * To running, a task admitted in this transaction that starts at once: it is inserted already running (one
     * statement). The first task of a session created in this transaction with the task's user message
     * ({@link SessionService#createWith}) has that message alone for history, so nothing is read.
     *
     * @param task a new row, not stored yet
     */
    StartPlan beginNew(TaskEntity task, AgentDefinition agent, boolean inNewSession) {
        Instant now = toRunning(task);
        // No flush first: the session the task refers to is in the database already, or written before the task in
        // the same round trip (SessionService.createWith in the caller's WriteGroup), and nothing else is pending.
        store.insert(task);
        return inNewSession
                ? started(task, agent, 0, now, List.of(new ChatMessage(ChatMessage.Role.USER, task.input)))
                : withHistory(task, agent, 0, now);
    }

    private StartPlan withHistory(TaskEntity task, AgentDefinition agent, long lastSeq, Instant now) {
        boolean firstAttempt = task.attempts == 1;
        List<MessageView> history = sessions.history(
                task.sessionId,
                new HistoryBudget(
                        config.history().maxMessages(), config.history().maxChars()));
        List<ChatMessage> messages = new ArrayList<>(history.size() + 1);
        boolean inputInHistory = false;
        for (MessageView m : history) {
            messages.add(new ChatMessage(
                    "assistant".equals(m.role()) ? ChatMessage.Role.ASSISTANT : ChatMessage.Role.USER, m.content()));
            inputInHistory |= task.id.equals(m.taskId()) && "user".equals(m.role());
        }
        if (!inputInHistory) {
            // A retried task's message is already in the session; only a budget too small to hold
            // it leaves it out of the history, and the model still needs the question.
            messages.add(new ChatMessage(ChatMessage.Role.USER, task.input));
        }
        if (firstAttempt) {
            // Committed with the start, so that a task queued behind this one sees it in its history.
            sessions.append(task.sessionId, userMessage(task.id, task.input));
        }
        return started(task, agent, lastSeq, now, messages);
    }

    /** The user message a task adds to its session when it first starts. */
    static NewMessage userMessage(UUID taskId, String input) {
        return new NewMessage("user", input, null, null, null, taskId);
    }

    private Instant toRunning(TaskEntity task) {
        Instant now = TaskEntity.now();
        task.status = TaskStatus.RUNNING.wireName();
        task.attempts++;
        task.startedAt = now;
        task.leaseOwner = replica.value();
        task.leaseExpiresAt = now.plus(config.worker().lease());
        return now;
    }

    /** Writes what is pending with the {@code task} event, and says how to call the provider. */
    private StartPlan started(
            TaskEntity task, AgentDefinition agent, long lastSeq, Instant now, List<ChatMessage> messages) {
        TaskView view = json.view(task);
        TaskEvent started = new TaskEvent(lastSeq + 1, TaskEvent.Kind.TASK, json.map(view), now);
        store.insertEvents(task.id, List.of(started));
        String system = agent.systemPrompt() == null || agent.systemPrompt().isBlank() ? null : agent.systemPrompt();
        ChatRequest request = new ChatRequest(
                new ResolvedModel(task.provider, task.model), system, messages, task.maxTokens, task.temperature);
        return new StartPlan(
                task.id, request, !TaskMode.BLOCKING.wireName().equals(task.mode), lastSeq + 2, List.of(started), view);
    }

    /**
     * From running to completed, failed or canceled as its execution reported: the answer (and the
     * assistant message), usage, status and the last events. The task's row is written in one statement that
     * also checks that it still runs under this replica's lease; empty when it does not (nothing is written).
     */
    Optional<ExecutionSink.Recorded.Committed> finish(ExecutionSink.Report report) {
        Optional<TaskEntity> row = store.finishRunning(report.taskId(), replica.value(), ending(report));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        TaskEntity task = row.get();
        List<TaskEvent> events = new ArrayList<>(report.unsaved());
        List<TaskEvent> added = new ArrayList<>();
        long seq = report.nextSeq();
        ChatResult answer = report.outcome() instanceof ExecutionSink.Outcome.Completed c ? c.result() : null;
        boolean withUsage = answer != null && answer.usage() != null;
        if (withUsage) {
            added.add(new TaskEvent(
                    seq++,
                    TaskEvent.Kind.USAGE,
                    Map.of("inputTokens", task.inputTokens, "outputTokens", task.outputTokens),
                    Instant.now()));
        }
        TaskView view = json.view(task);
        if (report.outcome() instanceof ExecutionSink.Outcome.Failed f) {
            logFailure(task.id, view.error(), f.cause());
        }
        added.add(
                task.status() == TaskStatus.FAILED
                        ? new TaskEvent(
                                seq,
                                TaskEvent.Kind.ERROR,
                                json.map(TaskProblem.of(view.error(), task.id, null)),
                                Instant.now())
                        : new TaskEvent(seq, TaskEvent.Kind.DONE, json.map(view), Instant.now()));
        events.addAll(added);
        // The usage row and the events go in one round trip with the assistant message (the one write here that
        // reads an answer back), then the commit.
        writes.run(() -> {
            if (withUsage) {
                // In this same transaction: the ledger has the cost exactly when the task is completed.
                usage.record(new UsageRecord(
                        task.id,
                        task.tenant,
                        task.agent,
                        task.provider,
                        task.model,
                        task.inputTokens,
                        task.outputTokens,
                        Duration.between(task.startedAt, task.finishedAt).toMillis(),
                        task.finishedAt));
            }
            store.insertEvents(task.id, events);
            if (answer != null && !task.output.isEmpty()) {
                sessions.append(
                        task.sessionId,
                        new NewMessage(
                                "assistant", task.output, task.model, task.inputTokens, task.outputTokens, task.id));
            }
        });
        ended.fire(new TaskEnded(view));
        return Optional.of(new ExecutionSink.Recorded.Committed(view, List.copyOf(added)));
    }

    /** What the outcome writes into the task's row. */
    private TaskEnding ending(ExecutionSink.Report report) {
        Instant now = TaskEntity.now();
        String partial = report.partialOutput();
        return switch (report.outcome()) {
            case ExecutionSink.Outcome.Completed c -> {
                ChatResult r = c.result();
                TokenUsage u = r.usage();
                yield new TaskEnding(
                        TaskStatus.COMPLETED,
                        r.text() == null ? partial : r.text(),
                        r.provider(),
                        r.model(),
                        u == null ? null : u.inputTokens(),
                        u == null ? null : u.outputTokens(),
                        r.providerMillis(),
                        null,
                        now);
            }
            case ExecutionSink.Outcome.Failed f ->
                new TaskEnding(
                        TaskStatus.FAILED,
                        partial.isEmpty() ? null : partial,
                        null,
                        null,
                        null,
                        null,
                        null,
                        json.map(TaskErrors.of(f.cause(), report.taskId())),
                        now);
            case ExecutionSink.Outcome.Canceled ignored ->
                new TaskEnding(TaskStatus.CANCELED, partial, null, null, null, null, null, null, now);
        };
    }

    private static void logFailure(UUID taskId, TaskView.TaskError error, Throwable cause) {
        if (TaskErrors.INTERNAL.equals(error.kind())) {
            LOG.errorf(cause, "Task %s failed unexpectedly", taskId);
        } else {
            LOG.infof("Task %s failed: %s", taskId, error.detail());
        }
    }

    /** Back to the queue (its replica stopped or died): a new {@code task} event tells followers to start over. */
    void requeue(TaskEntity task) {
        task.status = TaskStatus.QUEUED.wireName();
        task.leaseOwner = null;
        task.leaseExpiresAt = null;
        store.flush();
        store.announceQueued();
        store.insertEvents(
                task.id,
                List.of(new TaskEvent(
                        store.lastSeq(task.id) + 1, TaskEvent.Kind.TASK, json.map(json.view(task)), Instant.now())));
    }

    /**
     * To canceled or failed without a provider call running here; the last event is {@code done}
     * or, with an error, {@code error}.
     */
    TaskView end(TaskEntity task, TaskStatus status, TaskView.TaskError error) {
        Instant now = TaskEntity.now();
        task.status = status.wireName();
        task.error = json.map(error);
        task.finishedAt = now;
        task.leaseOwner = null;
        task.leaseExpiresAt = null;
        store.flush();
        // A task queued behind this one in its session may start now, on any replica.
        store.announceIfQueued(task.sessionId);
        TaskView view = json.view(task);
        long seq = store.lastSeq(task.id) + 1;
        TaskEvent last = error == null
                ? new TaskEvent(seq, TaskEvent.Kind.DONE, json.map(view), now)
                : new TaskEvent(seq, TaskEvent.Kind.ERROR, json.map(TaskProblem.of(error, task.id, null)), now);
        store.insertEvents(task.id, List.of(last));
        ended.fire(new TaskEnded(view));
        return view;
    }
}
