package io.agentruntime.task.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.common.RequestIds;
import io.agentruntime.common.problem.Problem;
import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.task.TaskCommand;
import io.agentruntime.task.TaskEvent;
import io.agentruntime.task.TaskMode;
import io.agentruntime.task.TaskProblem;
import io.agentruntime.task.TaskService;
import io.agentruntime.task.TaskStatus;
import io.agentruntime.task.TaskTicket;
import io.agentruntime.task.TaskView;
import io.agentruntime.task.TasksConfig;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.util.Arrays;
import java.util.UUID;

/** HTTP answers shared by the ways in that start tasks: status codes, headers, SSE framing. */
@ApplicationScoped
class TaskResponses {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** The 429 of a task over its tenant's limits (docs/usage-and-limits.md), for the OpenAPI document. */
    static final String LIMITED = "Over the tenant's limits, refused before anything was written: too-many-requests"
            + " (tasks per minute, tasks queued or running) or budget-exhausted (tokens per day or month);"
            + " Retry-After says when to retry";

    static final String LAST_EVENT_ID = "Last-Event-ID";

    static final String RETRY_UNAVAILABLE_SECONDS = "5";

    private final TaskService tasks;
    private final TasksConfig config;
    private final ObjectMapper json;

    TaskResponses(TaskService tasks, TasksConfig config, ObjectMapper json) {
        this.tasks = tasks;
        this.config = config;
        this.json = json;
    }

    /** Blocking (200 with the task, or its problem when it failed) or background (202 with Location). */
    Response start(TaskCommand command, boolean background, boolean preferAsync, HttpServerRequest request) {
        if (background) {
            TaskTicket admitted = tasks.admit(command, TaskMode.BACKGROUND);
            Response.ResponseBuilder r = Response.accepted(admitted.view())
                    .header("Location", location(admitted.view().id()))
                    .header("Retry-After", "1");
            if (preferAsync) {
                r.header("Preference-Applied", "respond-async");
            }
            return replayed(r, admitted).build();
        }
        TaskTicket admitted = tasks.admit(command, TaskMode.BLOCKING);
        TaskView view = tasks.await(admitted);
        if (view.status() == TaskStatus.FAILED && view.error() != null) {
            Response.ResponseBuilder failed = Response.status(view.error().status())
                    .type(Problem.MEDIA_TYPE)
                    .header("Location", location(view.id()))
                    .entity(TaskProblem.of(view.error(), view.id(), RequestIds.of(request)));
            if (view.error().retryAfter() != null) {
                // The provider said when to come back (rate limit, overload, open circuit).
                failed.header("Retry-After", view.error().retryAfter());
            } else if (view.error().status() == Response.Status.SERVICE_UNAVAILABLE.getStatusCode()) {
                // Busy or paused provider: worth trying again shortly.
                failed.header("Retry-After", RETRY_UNAVAILABLE_SECONDS);
            }
            return replayed(failed, admitted).build();
        }
        return replayed(Response.ok(view).header("Content-Location", location(view.id())), admitted)
                .build();
    }

    /**
     * A task whose events are the response: {@code task}, {@code delta}..., {@code usage}, {@code done}
     * or {@code error}. The headers go straight on the response: they are written with the first event.
     */
    Multi<OutboundSseEvent> stream(TaskCommand command, boolean background, Sse sse, HttpServerResponse response) {
        TaskTicket admitted = tasks.admit(command, background ? TaskMode.BACKGROUND : TaskMode.STREAM);
        response.putHeader("Location", location(admitted.view().id()).toString());
        response.putHeader("Cache-Control", "no-cache");
        // Tells nginx-style proxies not to buffer the stream.
        response.putHeader("X-Accel-Buffering", "no");
        if (admitted.replayed()) {
            response.putHeader("Idempotent-Replayed", "true");
        }
        return sse(tasks.events(admitted), sse);
    }

    /** Frames task events as SSE, with keep-alive comments while idle. */
    Multi<OutboundSseEvent> sse(Multi<TaskEvent> events, Sse sse) {
        return TaskSse.frame(events, sse, config.stream().keepalive(), json);
    }

    static boolean prefersAsync(String prefer) {
        return prefer != null
                && Arrays.stream(prefer.split(","))
                        .map(p -> p.split(";")[0].trim())
                        .anyMatch("respond-async"::equalsIgnoreCase);
    }

    static UUID uuid(String name, String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField(name, "must be a UUID");
        }
    }

    /** The header wins over the query parameter (a browser's EventSource can only set the header). */
    static long lastEventId(String header, String query) {
        String value = header != null && !header.isBlank() ? header : query;
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(value.trim());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badField(
                header != null && !header.isBlank() ? LAST_EVENT_ID : "lastEventId",
                "must be an event id this stream sent (a number of at least 0)");
    }

    private static Response.ResponseBuilder replayed(Response.ResponseBuilder r, TaskTicket admitted) {
        return admitted.replayed() ? r.header("Idempotent-Replayed", "true") : r;
    }

    /**
     * Relative, sent as is: ResponseBuilder.location() would make it absolute from the Host header,
     * which the caller controls.
     */
    static URI location(UUID id) {
        return URI.create("/v1/tasks/" + id);
    }
}
