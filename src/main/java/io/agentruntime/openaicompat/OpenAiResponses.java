package io.agentruntime.openaicompat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.task.TaskCommand;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskService;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskTicket;
import io.agentruntime.task.TaskView;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * OpenAI's Responses API on tasks: a response is a task ({@code resp_<task id>}), its conversation the
 * task's session. {@code previous_response_id} runs the new turn in that response's session, so only the
 * new turn travels. Every response is kept (as its task), whatever {@code store} says: that is what makes
 * {@code previous_response_id} and {@code GET /responses/{id}} work.
 */
@ApplicationScoped
class OpenAiResponses {

    static final String PREFIX = "resp_";
    private static final String ITEM_PREFIX = "msg_";

    private final TaskService tasks;
    private final OpenAiTasks support;
    private final ObjectMapper json;

    OpenAiResponses(TaskService tasks, OpenAiTasks support, ObjectMapper json) {
        this.tasks = tasks;
        this.support = support;
        this.json = json;
    }

    /** What a response echoes of its request; a response read later echoes none of it. */
    record Echo(String instructions, String previousResponseId, boolean background) {

        static final Echo NONE = new Echo(null, null, false);
    }

    TaskCommand command(ResponsesWire.CreateResponse body) {
        String agent = support.agent(body.model());
        if (body.tools() != null && !body.tools().isEmpty()) {
            throw OpenAiError.of(400, "tools are not supported: an agent's tools are its own", "tools", null);
        }
        Conversation conversation = Conversation.ofInput(body.input(), body.instructions());
        UUID continued = null;
        if (body.previousResponseId() != null && !body.previousResponseId().isBlank()) {
            continued = find(body.previousResponseId(), "previous_response_id").sessionId();
        }
        UUID sessionId = support.sessionFor(agent, continued, conversation);
        return new TaskCommand(
                agent,
                conversation.taskInput(),
                sessionId,
                null,
                body.maxOutputTokens(),
                body.temperature(),
                body.metadata(),
                null,
                null,
                null);
    }

    /** Runs it to its end; a task that did not complete is the HTTP error OpenAI's SDKs raise. */
    ResponsesWire.Response create(TaskCommand command, Echo echo) {
        if (echo.background()) {
            return response(tasks.submit(command), echo);
        }
        TaskView done = tasks.run(command);
        OpenAiTasks.failIfNotCompleted(done);
        return response(done, echo);
    }

    /** The task behind a response id of the caller's tenant; any other id is "not found". */
    TaskView find(String responseId, String param) {
        String id = responseId.strip();
        try {
            UUID uuid = UUID.fromString(id.startsWith(PREFIX) ? id.substring(PREFIX.length()) : id);
            return tasks.get(uuid);
        } catch (IllegalArgumentException | ProblemException e) {
            if (e instanceof ProblemException p && p.type().status() != 404) {
                throw p;
            }
            throw new OpenAiError(
                    404, "No response with id '" + id + "'", "invalid_request_error", param, "not_found", null);
        }
    }

    ResponsesWire.Response cancel(String responseId) {
        TaskView task = find(responseId, null);
        return response(tasks.cancel(task.id()), Echo.NONE);
    }

    static String id(UUID taskId) {
        return PREFIX + taskId;
    }

    ResponsesWire.Response response(TaskView t, Echo echo) {
        String status = status(t.status());
        boolean done = t.status().terminal();
        List<ResponsesWire.Message> output = t.output() == null || t.output().isEmpty()
                ? List.of()
                : List.of(message(t.id(), done ? "completed" : "in_progress", t.output()));
        ResponsesWire.Usage usage = t.usage() == null
                ? null
                : usage(t.usage().inputTokens(), t.usage().outputTokens());
        ResponsesWire.Error error =
                t.error() == null ? null : error(t.error().status(), t.error().detail());
        return response(t, status, t.finishedAt(), output, usage, error, echo);
    }

    private static ResponsesWire.Response response(
            TaskView t,
            String status,
            Instant finishedAt,
            List<ResponsesWire.Message> output,
            ResponsesWire.Usage usage,
            ResponsesWire.Error error,
            Echo echo) {
        return new ResponsesWire.Response(
                id(t.id()),
                "response",
                t.createdAt().getEpochSecond(),
                status,
                finishedAt == null ? null : finishedAt.getEpochSecond(),
                error,
                null,
                echo.instructions(),
                t.metadata() == null ? Map.of() : t.metadata(),
                t.agent(),
                output,
                false,
                null,
                "none",
                List.of(),
                null,
                null,
                echo.previousResponseId(),
                echo.background(),
                true,
                "disabled",
                usage);
    }

    private static String status(TaskStatus s) {
        return switch (s) {
            case QUEUED -> "queued";
            case RUNNING -> "in_progress";
            case COMPLETED -> "completed";
            case FAILED -> "failed";
            case CANCELED -> "cancelled";
        };
    }

    private static ResponsesWire.Message message(UUID taskId, String status, String text) {
        return new ResponsesWire.Message(
                ITEM_PREFIX + taskId, "message", "assistant", status, text == null ? List.of() : List.of(text(text)));
    }

    private static ResponsesWire.OutputText text(String text) {
        return new ResponsesWire.OutputText("output_text", text, List.of(), List.of());
    }

    private static ResponsesWire.Usage usage(long in, long out) {
        return new ResponsesWire.Usage(
                in, new ResponsesWire.InputDetails(0), out, new ResponsesWire.OutputDetails(0), in + out);
    }

    private static ResponsesWire.Error error(int status, String message) {
        return new ResponsesWire.Error(status == 429 ? "rate_limit_exceeded" : "server_error", message);
    }

    /**
     * Writes the task's events as OpenAI's streaming events: created, in progress, the output item and
     * its text part added, a delta per piece of text, then text, part and item done and
     * {@code response.completed} with the usage; a failed task ends with {@code response.failed}. A
     * caller who closes the stream cancels the task, found at the next event to write.
     */
    void stream(TaskTicket ticket, Echo echo, OpenAiTasks.Frames os) throws IOException {
        TaskView first = ticket.view();
        Events events = new Events(os);
        String itemId = ITEM_PREFIX + first.id();
        StringBuilder text = new StringBuilder();
        long[] tokens = {0, 0};
        try {
            ResponsesWire.Response started = response(first, "in_progress", null, List.of(), null, null, echo);
            events.write("response.created", "response", started);
            events.write("response.in_progress", "response", started);
            events.write(
                    "response.output_item.added", "output_index", 0, "item", message(first.id(), "in_progress", null));
            events.write("response.content_part.added", part(itemId), "part", text(""));
            for (TaskEvent event : tasks.events(ticket).subscribe().asIterable()) {
                switch (event.kind()) {
                    case DELTA -> {
                        String delta = String.valueOf(event.data().get("text"));
                        text.append(delta);
                        events.write("response.output_text.delta", part(itemId), "delta", delta, "logprobs", List.of());
                    }
                    case USAGE -> {
                        tokens[0] = OpenAiTasks.number(event.data().get("inputTokens"));
                        tokens[1] = OpenAiTasks.number(event.data().get("outputTokens"));
                    }
                    case DONE -> {
                        String all = text.toString();
                        events.write("response.output_text.done", part(itemId), "text", all, "logprobs", List.of());
                        events.write("response.content_part.done", part(itemId), "part", text(all));
                        ResponsesWire.Message item = message(first.id(), "completed", all);
                        events.write("response.output_item.done", "output_index", 0, "item", item);
                        ResponsesWire.Response completed = response(
                                first,
                                "completed",
                                Instant.now(),
                                List.of(item),
                                usage(tokens[0], tokens[1]),
                                null,
                                echo);
                        events.write("response.completed", "response", completed);
                    }
                    case ERROR -> {
                        Object status = event.data().get("status");
                        ResponsesWire.Error error = error(
                                status instanceof Number n ? n.intValue() : 500,
                                String.valueOf(event.data().getOrDefault("detail", "The task failed")));
                        events.write(
                                "response.failed",
                                "response",
                                response(first, "failed", Instant.now(), List.of(), null, error, echo));
                    }
                    default -> {
                        // task events (the task as created or restarted) have no Responses counterpart
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (OpenAiTasks.callerLeft(e)) {
                support.cancelQuietly(first.id());
                return;
            }
            throw e;
        }
    }

    /** Where a text part is: the one output item's one content part. */
    private static Map<String, Object> part(String itemId) {
        Map<String, Object> at = new LinkedHashMap<>();
        at.put("item_id", itemId);
        at.put("output_index", 0);
        at.put("content_index", 0);
        return at;
    }

    /** Server-sent events named by their type, numbered from 0 as OpenAI numbers them. */
    private final class Events {

        private final OpenAiTasks.Frames os;
        private int sequence;

        Events(OpenAiTasks.Frames os) {
            this.os = os;
        }

        void write(String type, Map<String, Object> at, Object... fields) throws IOException {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", type);
            event.put("sequence_number", sequence++);
            event.putAll(at);
            for (int i = 0; i < fields.length; i += 2) {
                event.put((String) fields[i], fields[i + 1]);
            }
            try {
                os.write("event: " + type + "\ndata: " + json.writeValueAsString(event) + "\n\n");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Could not write a streaming event", e);
            }
        }

        void write(String type, Object... fields) throws IOException {
            write(type, Map.of(), fields);
        }
    }
}
