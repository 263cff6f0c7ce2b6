package io.agentruntime.task.run;

import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.common.Ids;
import io.agentruntime.common.db.WriteGroup;
import io.agentruntime.common.problem.Problem;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.common.problem.ProblemType;
import io.agentruntime.lookup.AgentLookup;
import io.agentruntime.lookup.LookupConfig;
import io.agentruntime.lookup.LookupHit;
import io.agentruntime.lookup.Verdict;
import io.agentruntime.provider.ModelGateway;
import io.agentruntime.provider.ResolvedModel;
import io.agentruntime.session.NewSession;
import io.agentruntime.session.SessionService;
import io.agentruntime.session.SessionView;
import io.agentruntime.task.IfBusy;
import io.agentruntime.task.TaskCommand;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskMode;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskTicket;
import io.agentruntime.task.TaskView;
import io.agentruntime.task.TasksConfig;
import io.agentruntime.task.store.TaskEntity;
import io.agentruntime.task.store.TaskStore;
import io.agentruntime.usage.TenantLimits;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Takes a command in: checks it, chooses the agent and the model before anything is written, then
 * in one transaction creates or locks the session, applies the one-task-per-session rule and the
 * Idempotency-Key, inserts the task and, when it may start at once, commits its user message.
 */
@ApplicationScoped
class TaskAdmission {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /** What the admitting transaction ends with: the task an Idempotency-Key names, or a new one. */
    private sealed interface Outcome permits Replayed, Inserted {}

    private record Replayed(TaskTicket ticket) implements Outcome {}

    /** @param how request, session, lookup or fallback */
    private record Choice(AgentDefinition agent, String how, TaskView.LookupInfo lookup, ResolvedModel model) {}

    private record Inserted(TaskView view, StartPlan start) implements Outcome {}

    private final AgentCatalog catalog;
    private final AgentLookup lookup;
    private final ModelGateway gateway;
    private final SessionService sessions;
    private final TaskStore store;
    private final TaskTransitions transitions;
    private final TaskExecutor executor;
    private final TaskJson json;
    private final TasksConfig config;
    private final LookupConfig lookupConfig;
    private final Event<TaskQueued> queued;
    private final TenantLimits limits;
    private final QueueAnnouncer announcer;
    private final WriteGroup writes;

    TaskAdmission(
            AgentCatalog catalog,
            AgentLookup lookup,
            ModelGateway gateway,
            SessionService sessions,
            TaskStore store,
            TaskTransitions transitions,
            TaskExecutor executor,
            TaskJson json,
            TasksConfig config,
            LookupConfig lookupConfig,
            Event<TaskQueued> queued,
            TenantLimits limits,
            QueueAnnouncer announcer,
            WriteGroup writes) {
        this.catalog = catalog;
        this.lookup = lookup;
        this.gateway = gateway;
        this.sessions = sessions;
        this.store = store;
        this.transitions = transitions;
        this.executor = executor;
        this.json = json;
        this.config = config;
        this.lookupConfig = lookupConfig;
        this.queued = queued;
        this.limits = limits;
        this.announcer = announcer;
        this.writes = writes;
    }

    /**
     */
    TaskTicket admit(TaskCommand command, TaskMode mode) {
        checkInput(command.input());
        sessions.checkMetadata(command.metadata());
        String key = command.idempotencyKey();
        String hash = null;
        if (key != null) {
            if (!KEY.matcher(key).matches()) {
                throw ProblemException.badField("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
            }
            hash = json.hash(canonical(command));
            Optional<TaskTicket> earlier = replay(key, hash, false);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Optional<SessionView> session = Optional.empty();
        if (command.sessionId() != null && command.agent() == null) {
            // Read only to take its agent: with one named, the admitting transaction's lock finds the session
            // (or answers the 404) without a transaction of its own first.
            session = Optional.of(sessions.find(command.sessionId())
                    .orElseThrow(() -> ProblemException.notFound("No session with id " + command.sessionId())));
        }
        Choice choice = choose(command, session.orElse(null));
        String requestHash = hash;
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            if (key != null) {
                store.lockIdempotencyKey(key);
                Optional<TaskTicket> earlier = replay(key, requestHash, true);
                if (earlier.isPresent()) {
                    return new Replayed(earlier.get());
                }
            }
            // The session, its first message, the task and its first event: one round trip, then the commit.
            return writes.call(() -> insert(command, mode, choice, requestHash));
        });
        return switch (outcome) {
            case Replayed replayed -> replayed.ticket();
            case Inserted inserted
            when inserted.start() == null -> {
                // This replica's worker at once, the others with one notification for a burst's admissions.
                queued.fire(new TaskQueued());
                announcer.queued();
                yield new TaskTicket(inserted.view(), false);
            }
            case Inserted inserted -> {
                executor.start(inserted.start());
                yield new TaskTicket(inserted.view(), false);
            }
        };
    }

    private Inserted insert(TaskCommand command, TaskMode mode, Choice choice, String requestHash) {
        // First in the transaction, before anything is written: a refusal (429) leaves no trace, and a
        // refusal of any kind below rolls back the request it counted.
        limits.admit(store::countUnfinished);
        UUID taskId = Ids.newId();
        boolean newSession = command.sessionId() == null;
        UUID sessionId;
        Optional<UUID> busyWith;
        if (newSession) {
            // Only this transaction can see the session until it commits: no task can be busy in it, it
            // needs no lock, and its history is empty. A task starting at once writes its user message with it.
            NewSession created = new NewSession(choice.agent().name(), title(command.input()), null);
            sessionId = (mode == TaskMode.BACKGROUND
                            ? sessions.create(created)
                            : sessions.createWith(created, TaskTransitions.userMessage(taskId, command.input())))
                    .id();
            busyWith = Optional.empty();
        } else {
            sessionId = sessions.lock(command.sessionId()).id();
            busyWith = store.busyWith(sessionId);
        }
        if (busyWith.isPresent() && command.ifBusy() == IfBusy.REJECT) {
            throw new ProblemException(
                    ProblemType.CONFLICT,
                    "Session " + sessionId + " is busy with task " + busyWith.get()
                            + "; retry when it has finished, or send \"ifBusy\": \"enqueue\" to queue behind it");
        }
        TaskEntity t = new TaskEntity();
        t.id = taskId;
        t.sessionId = sessionId;
        t.agent = choice.agent().name();
        t.provider = choice.model().provider();
        t.model = choice.model().model();
        t.status = TaskStatus.QUEUED.wireName();
        t.mode = mode.wireName();
        t.input = command.input();
        t.maxTokens = command.maxTokens();
        t.temperature = command.temperature();
        t.metadata = command.metadata();
        t.lookup = json.map(choice.lookup());
        t.agentChoice = choice.how();
        t.lookupVerdict = choice.lookup() == null ? null : choice.lookup().verdict();
        t.idempotencyKey = command.idempotencyKey();
        t.requestHash = requestHash;
        t.createdAt = TaskEntity.now();
        if (busyWith.isEmpty() && mode != TaskMode.BACKGROUND) {
            StartPlan plan = transitions.beginNew(t, choice.agent(), newSession);
            return new Inserted(plan.view(), plan);
        }
        store.insert(t);
        TaskView view = json.view(t);
        store.insertEvents(t.id, List.of(new TaskEvent(1, TaskEvent.Kind.TASK, json.map(view), t.createdAt)));
        return new Inserted(view, null);
    }

    /** @param inTransaction whether an expired key may be cleared (the row is then managed) */
    private Optional<TaskTicket> replay(String key, String hash, boolean inTransaction) {
        Optional<TaskEntity> earlier = store.byIdempotencyKey(key);
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        TaskEntity t = earlier.get();
        if (t.createdAt.isBefore(Instant.now().minus(config.idempotency().retention()))) {
            // Past its retention: the key is free again.
            if (inTransaction) {
                t.idempotencyKey = null;
                store.flush();
            }
            return Optional.empty();
        }
        if (!hash.equals(t.requestHash)) {
            throw new ProblemException(
                    ProblemType.UNPROCESSABLE,
                    "Idempotency-Key '" + key + "' was already used with a different request (task " + t.id
                            + "); use a new key for a new request",
                    List.of(new Problem.FieldError("Idempotency-Key", "was used with a different request")));
        }
        return Optional.of(new TaskTicket(json.view(t), true));
    }

    private void checkInput(String input) {
        if (input == null || input.isBlank()) {
            throw ProblemException.badField("input", "must not be blank");
        }
        if (input.length() > config.maxInputChars()) {
            throw ProblemException.badField("input", "must be at most " + config.maxInputChars() + " characters");
        }
    }

    /** The agent (named, the session's, looked up, or the fallback) and its model; nothing is written yet. */
    private Choice choose(TaskCommand command, SessionView session) {
        String name = command.agent() != null ? command.agent() : session == null ? null : session.agent();
        if (name != null) {
            AgentDefinition agent = named(name, "agent");
            return new Choice(
                    agent,
                    command.agent() != null ? "request" : "session",
                    null,
                    gateway.resolve(agent.model(), command.model()));
        }
        AgentLookup.Answer answer = lookup.answer(command.input(), CLOSEST);
        Verdict verdict = answer.verdict();
        AgentDefinition agent;
        TaskView.LookupInfo why;
        if (verdict.isNoMatch()) {
            String fallback = command.fallbackAgent() != null
                    ? command.fallbackAgent()
                    : lookupConfig.fallbackAgent().orElse(null);
            if (fallback == null) {
                throw noMatch(answer.hits());
            }
            agent = named(fallback, command.fallbackAgent() != null ? "fallbackAgent" : "lookup.fallback-agent");
            why = new TaskView.LookupInfo(
                    agent.name(),
                    0,
                    List.of(verdict.reason(), "ran the fallback agent '" + agent.name() + "'"),
                    Map.of(),
                    verdict.kind(),
                    answer.hits().isEmpty() ? null : answer.hits().get(0).confidence(),
                    "fallback");
        } else {
            LookupHit hit = answer.hits().get(0);
            agent = catalog.find(hit.name())
                    .orElseThrow(() -> new ProblemException(
                            ProblemType.UNPROCESSABLE,
                            "The agent '" + hit.name()
                                    + "' chosen by the lookup is no longer in the catalog; retry or name one"));
            List<String> reasons = reasons(hit);
            if (Verdict.AMBIGUOUS.equals(verdict.kind())) {
                reasons.add(verdict.reason());
            }
            why = new TaskView.LookupInfo(
                    hit.name(),
                    hit.score(),
                    reasons,
                    hit.signals() == null ? Map.of() : hit.signals(),
                    verdict.kind(),
                    hit.confidence(),
                    "lookup");
        }
        ResolvedModel model = gateway.resolve(agent.model(), command.model());
        return new Choice(agent, why.chosenBy(), why, model);
    }

    /** How many of the closest agents a refused task names. */
    private static final int CLOSEST = 3;

    private AgentDefinition named(String name, String field) {
        return catalog.find(name)
                .orElseThrow(() -> new ProblemException(
                        ProblemType.NOT_FOUND,
                        "No agent named '" + name + "'; GET /v1/agents lists them",
                        List.of(new Problem.FieldError(field, "no agent named '" + name + "'"))));
    }

    /** The 422 of a task no agent covers, naming the closest agents so the caller can pick one. */
    private static ProblemException noMatch(List<LookupHit> closest) {
        String names = closest.stream()
                .map(h -> h.name() + " (confidence " + h.confidence() + ")")
                .collect(java.util.stream.Collectors.joining(", "));
        return new ProblemException(
                ProblemType.UNPROCESSABLE,
                "No agent covers the input"
                        + (closest.isEmpty() ? "" : "; the closest are " + names)
                        + ". Name one in \"agent\", or a \"fallbackAgent\" to run when none fits",
                List.of(new Problem.FieldError(
                        "agent",
                        closest.isEmpty()
                                ? "no agent covers the input"
                                : "no agent covers the input; closest: " + names)));
    }

    private static List<String> reasons(LookupHit hit) {
        List<String> reasons = new ArrayList<>();
        if (hit.matchedTerms() != null && !hit.matchedTerms().isEmpty()) {
            reasons.add("matched terms: " + String.join(", ", hit.matchedTerms()));
        }
        if (hit.passages() != null) {
            hit.passages().stream().limit(3).forEach(p -> reasons.add("matched passage: \"" + p + "\""));
        }
        if (reasons.isEmpty()) {
            reasons.add("closest in meaning to the input");
        }
        return reasons;
    }

    /** What an Idempotency-Key's request is compared by: every field that changes the task. */
    private static Map<String, Object> canonical(TaskCommand c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", c.agent());
        m.put("input", c.input());
        m.put("sessionId", c.sessionId());
        m.put("model", c.model());
        m.put("maxTokens", c.maxTokens());
        m.put("temperature", c.temperature());
        m.put("metadata", c.metadata());
        m.put("ifBusy", c.ifBusy() == null ? IfBusy.ENQUEUE : c.ifBusy());
        if (c.fallbackAgent() != null) {
            // Only when given, so keys taken before the field existed still match their requests.
            m.put("fallbackAgent", c.fallbackAgent());
        }
        return m;
    }

    private static String title(String input) {
        String line = input.strip().lines().findFirst().orElse("").strip();
        return line.length() <= 80 ? line : line.substring(0, 79) + "…";
    }
}
