package io.agentruntime.task.run;

import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.common.problem.ProblemType;
import io.agentruntime.provider.ProviderException;
import io.agentruntime.task.TaskView;
import java.util.Locale;
import java.util.UUID;

/** The error of a failed task, and the problem it is shown as. */
final class TaskErrors {

    static final String LEASE_EXPIRED = "lease_expired";
    static final String AGENT_MISSING = "agent_missing";
    static final String INTERNAL = "internal";
    static final String ANSWER_TOO_LARGE = "answer_too_large";

    /** The model's answer is longer than tasks.max-answer-chars: the task fails, and is not re-run. */
    static final class AnswerTooLarge extends RuntimeException {
        AnswerTooLarge(int limit) {
            super("The model's answer is longer than " + limit + " characters (tasks.max-answer-chars); the task "
                    + "is failed and not run again. Ask for a shorter answer (maxTokens) or raise the limit");
        }
    }

    private TaskErrors() {}

    static TaskView.TaskError of(Throwable failure, UUID taskId) {
        if (failure instanceof ProviderException pe) {
            return new TaskView.TaskError(
                    pe.kind().name().toLowerCase(Locale.ROOT),
                    pe.type().uri(),
                    pe.type().title(),
                    pe.type().status(),
                    pe.getMessage(),
                    pe.provider(),
                    pe.providerRequestId(),
                    retryAfter(pe.headers().get("Retry-After")));
        }
        if (failure instanceof AnswerTooLarge tooLarge) {
            return of(ANSWER_TOO_LARGE, ProblemType.PROVIDER_ERROR, tooLarge.getMessage());
        }
        if (failure instanceof ProblemException pe) {
            return of(pe.type().name().toLowerCase(Locale.ROOT), pe.type(), pe.getMessage());
        }
        return of(
                INTERNAL,
                ProblemType.INTERNAL,
                "The task failed unexpectedly; quote task id " + taskId + " when reporting it");
    }

    static TaskView.TaskError of(String kind, ProblemType type, String detail) {
        return new TaskView.TaskError(kind, type.uri(), type.title(), type.status(), detail, null, null, null);
    }

    /** The provider's Retry-After (whole seconds, as the gateway states it), kept with the error. */
    private static Long retryAfter(String seconds) {
        if (seconds == null) {
            return null;
        }
        try {
            return Long.valueOf(seconds.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
