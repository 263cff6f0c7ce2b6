package io.agentruntime.a2a;

import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.common.Page;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.session.SessionService;
import io.agentruntime.task.TaskCommand;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskMode;
import io.agentruntime.task.TaskService;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskTicket;
import io.agentruntime.task.TaskView;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A2A's operations once, whatever the binding (JSON-RPC or HTTP+JSON): the request records in, A2A
 * records out, through the task and session services only. {@code agent} is the route's agent, or
 * {@value #AUTO} for the service's own card (the lookup chooses, and every task of the caller is
 * visible). Blocking: call from a worker or virtual thread.
 */
@ApplicationScoped
class A2aOperations {

    /** The route of the service's card: no agent named, the lookup chooses one per new conversation. */
    static final String AUTO = "auto";

    static final int DEFAULT_PAGE_SIZE = 50;

    private static final String WORKING = A2aMapper.state(TaskStatus.RUNNING);

    private final TaskService tasks;
    private final SessionService sessions;
    private final AgentCatalog agents;

    A2aOperations(TaskService tasks, SessionService sessions, AgentCatalog agents) {
        this.tasks = tasks;
        this.sessions = sessions;
        this.agents = agents;
    }

    /** Where streamed events go: the binding frames them. */
    interface Events {
        void send(A2aWire.StreamResponse event) throws IOException;
    }

    /**
     * The route's agent: null for {@value #AUTO}.
     *
     * @throws A2aError NO_SUCH_AGENT when the catalog has no such agent
     */
    String agent(String route) {
        if (AUTO.equals(route)) {
            return null;
        }
        if (agents.find(route).isEmpty()) {
            throw A2aError.of(
                    A2aError.Kind.NO_SUCH_AGENT,
                    "No agent named '" + route + "' here: /.well-known/agent-card.json names them");
        }
        return route;
    }

    /** SendMessage: waits for the end of the task, or with returnImmediately answers it as submitted. */
    A2aWire.Task send(String route, A2aWire.SendMessageRequest request) {
        TaskCommand command = command(route, request);
        boolean immediately = request.configuration() != null
                && Boolean.TRUE.equals(request.configuration().returnImmediately());
        try {
            return A2aMapper.task(immediately ? tasks.submit(command) : tasks.run(command), true);
        } catch (ProblemException e) {
            throw A2aError.of(e);
        }
    }

    /** SendStreamingMessage, first half: the task is taken in before the response starts, so that bad input is an error response. */
    TaskTicket admit(String route, A2aWire.SendMessageRequest request) {
        TaskCommand command = command(route, request);
        try {
            return tasks.admit(command, TaskMode.STREAM);
        } catch (ProblemException e) {
            throw A2aError.of(e);
        }
    }

    /** SendStreamingMessage, second half. */
    void stream(TaskTicket ticket, Events out) throws IOException {
        follow(ticket.view(), tasks.events(ticket), out);
    }

    /**
     * SubscribeToTask, first half: the task as it is now.
     *
     * @throws A2aError UNSUPPORTED_OPERATION when it has ended (specification 3.1.6)
     */
    TaskView subscribable(String route, A2aWire.TaskIdRequest request) {
        TaskView task = find(route, request);
        if (task.status().terminal()) {
            throw A2aError.of(
                    A2aError.Kind.UNSUPPORTED_OPERATION,
                    "Task " + task.id() + " has ended (" + A2aMapper.state(task.status())
                            + "): there is nothing to subscribe to; GetTask reads it");
        }
        return task;
    }

    /** SubscribeToTask, second half: the task, then its updates, its answer from the start. */
    void subscribe(TaskView task, Events out) throws IOException {
        follow(task, tasks.events(task.id(), 0), out);
    }

    A2aWire.Task get(String route, A2aWire.TaskIdRequest request) {
        return A2aMapper.task(find(route, request), true);
    }

    A2aWire.Task cancel(String route, A2aWire.TaskIdRequest request) {
        TaskView task = find(route, request);
        try {
            return A2aMapper.task(tasks.cancel(task.id()), true);
        } catch (ProblemException e) {
            throw switch (e.type().status()) {
                case 404 -> A2aError.taskNotFound(request.id());
                case 409 ->
                    A2aError.of(
                            A2aError.Kind.TASK_NOT_CANCELABLE,
                            "Task " + task.id()
                                    + " has already ended; only a submitted or working task can be canceled");
                default -> A2aError.of(e);
            };
        }
    }

    /** ListTasks: newest first, the route's agent's tasks (every agent's on the service's route). */
    A2aWire.ListTasksResponse list(String route, A2aWire.ListTasksRequest request) {
        String agent = agent(route);
        int size = request.pageSize() == null ? DEFAULT_PAGE_SIZE : request.pageSize();
        if (size < 1 || size > Page.MAX_LIMIT) {
            throw A2aError.invalidParams("pageSize", "must be 1 to " + Page.MAX_LIMIT);
        }
        UUID context = request.contextId() == null || request.contextId().isBlank()
                ? null
                : uuid(request.contextId(), "contextId");
        if (A2aMapper.neverTaken(request.status())) {
            return new A2aWire.ListTasksResponse(List.of(), "", size, 0);
        }
        TaskStatus status = A2aMapper.status(request.status());
        String token = request.pageToken() == null || request.pageToken().isBlank() ? null : request.pageToken();
        boolean artifacts = Boolean.TRUE.equals(request.includeArtifacts());
        try {
            Page<TaskView> page = tasks.list(context, agent, status, token, size);
            long total = tasks.count(context, agent, status);
            return new A2aWire.ListTasksResponse(
                    page.items().stream().map(t -> A2aMapper.task(t, artifacts)).toList(),
                    page.nextCursor() == null ? "" : page.nextCursor(),
                    size,
                    (int) Math.min(Integer.MAX_VALUE, total));
        } catch (ProblemException e) {
            throw e.errors().isEmpty()
                    ? A2aError.of(e)
                    : A2aError.invalidParams("pageToken", "is not a token of this list");
        }
    }

    // -------------------------------------------------------------------------------------------------

    /** The task the request names, if the caller may see it on this route; else TaskNotFound. */
    private TaskView find(String route, A2aWire.TaskIdRequest request) {
        String agent = agent(route);
        if (request == null || request.id() == null || request.id().isBlank()) {
            throw A2aError.invalidParams("id", "the task's id is required");
        }
        UUID id;
        try {
            id = UUID.fromString(request.id().strip());
        } catch (IllegalArgumentException e) {
            throw A2aError.taskNotFound(request.id());
        }
        try {
            TaskView task = tasks.get(id);
            if (agent != null && !agent.equals(task.agent())) {
                throw A2aError.taskNotFound(request.id());
            }
            return task;
        } catch (ProblemException e) {
            throw e.type().status() == 404 ? A2aError.taskNotFound(request.id()) : A2aError.of(e);
        }
    }

    /** The message as a task of ours: its text parts are the input, its contextId the session. */
    private TaskCommand command(String route, A2aWire.SendMessageRequest request) {
        String agent = agent(route);
        if (request == null || request.message() == null) {
            throw A2aError.invalidParams("message", "is required");
        }
        A2aWire.Message message = request.message();
        if (message.role() != null && !message.role().isBlank() && !A2aMapper.ROLE_USER.equals(message.role())) {
            throw A2aError.invalidParams("message.role", "must be " + A2aMapper.ROLE_USER);
        }
        acceptsText(request.configuration());
        String input = input(message.parts());
        if (message.taskId() != null && !message.taskId().isBlank()) {
            refuseTaskContinuation(route, message.taskId());
        }
        UUID session = message.contextId() == null || message.contextId().isBlank()
                ? null
                : uuid(message.contextId(), "message.contextId");
        if (session != null && sessions.find(session).isEmpty()) {
            throw A2aError.invalidParams("message.contextId", "names no conversation here: leave it out to start one");
        }
        return new TaskCommand(agent, input, session, null, null, null, request.metadata(), null, null, null);
    }

    private static String input(List<A2aWire.Part> parts) {
        if (parts == null || parts.isEmpty()) {
            throw A2aError.invalidParams("message.parts", "must hold at least one text part");
        }
        for (A2aWire.Part part : parts) {
            if (part == null || part.text() == null) {
                throw A2aError.of(
                        A2aError.Kind.CONTENT_TYPE_NOT_SUPPORTED,
                        "Only text parts are supported (no raw, url or data parts)");
            }
        }
        String input = parts.stream().map(A2aWire.Part::text).collect(Collectors.joining("\n"));
        if (input.isBlank()) {
            throw A2aError.invalidParams("message.parts", "the text must not be empty");
        }
        return input;
    }

    /** Our answers are text: a client that accepts no text cannot be answered. */
    private static void acceptsText(A2aWire.SendMessageConfiguration configuration) {
        List<String> modes = configuration == null ? null : configuration.acceptedOutputModes();
        if (modes == null || modes.isEmpty()) {
            return;
        }
        boolean text = modes.stream()
                .anyMatch(m -> m != null && (m.startsWith("text/") || m.equals("*/*") || m.equals("text")));
        if (!text) {
            throw A2aError.of(
                    A2aError.Kind.CONTENT_TYPE_NOT_SUPPORTED,
                    "The answers are text/plain, which acceptedOutputModes does not accept");
        }
    }

    /**
     * Our tasks take one message: a message to a task is refused (UnsupportedOperation, specification
     * 3.1.1); the next turn of a conversation is a new task in the same context.
     */
    private void refuseTaskContinuation(String route, String taskId) {
        TaskView task = find(route, new A2aWire.TaskIdRequest(taskId, null));
        String why = task.status().terminal()
                ? "has ended (" + A2aMapper.state(task.status()) + ")"
                : "takes no further input while it works";
        throw A2aError.of(
                A2aError.Kind.UNSUPPORTED_OPERATION,
                "Task " + task.id() + " " + why + ": send the next message with contextId " + task.sessionId()
                        + " and no taskId to continue the conversation");
    }

    private static UUID uuid(String value, String field) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw A2aError.invalidParams(field, "names no conversation here: leave it out to start one");
        }
    }

    /**
     * A task's stream: the task first, then status and artifact updates, ending with the update of its
     * terminal state; nothing after it. A {@code task} event after the first (the task restarted on
     * another replica) says WORKING again and starts the answer over.
     */
    private static void follow(TaskView first, Multi<TaskEvent> events, Events out) throws IOException {
        UUID id = first.id();
        UUID context = first.sessionId();
        out.send(new A2aWire.StreamResponse(A2aMapper.task(first, false), null, null));
        String state = A2aMapper.state(first.status());
        boolean append = false;
        try {
            for (TaskEvent event : events.subscribe().asIterable()) {
                switch (event.kind()) {
                    case TASK -> {
                        // Submitted to working, or a restart after a replica died: the answer starts over.
                        Object status = event.data().get("status");
                        String now = status == null ? state : A2aMapper.state(TaskStatus.of(String.valueOf(status)));
                        boolean started = WORKING.equals(now) && !WORKING.equals(state);
                        if (started || append) {
                            state = now;
                            append = false;
                            out.send(A2aMapper.statusUpdate(
                                    id,
                                    context,
                                    new A2aWire.TaskStatus(now, null, A2aMapper.timestamp(event.createdAt()))));
                        }
                    }
                    case DELTA -> {
                        if (!WORKING.equals(state)) {
                            state = WORKING;
                            out.send(A2aMapper.statusUpdate(
                                    id,
                                    context,
                                    new A2aWire.TaskStatus(state, null, A2aMapper.timestamp(event.createdAt()))));
                        }
                        out.send(A2aMapper.artifactChunk(
                                id, context, String.valueOf(event.data().get("text")), append));
                        append = true;
                    }
                    case DONE, ERROR -> {
                        out.send(A2aMapper.statusUpdate(id, context, A2aMapper.lastStatus(first, event)));
                        return;
                    }
                    default -> {
                        // usage: A2A has no place for it in a stream
                    }
                }
            }
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }
}
