package io.agentruntime.task;

import java.util.Map;
import java.util.UUID;

/**
 * What to run: the one input of {@link TaskService}, whatever the way in (REST, command mode...).
 *
 * @param agent          the agent's name; null to continue with the session's agent or, for a new
 *                       session, to let the lookup choose
 * @param input          the user's message
 * @param sessionId      the session to continue; null for a new one
 * @param model          overrides the agent's model; null for the agent's
 * @param maxTokens      output limit, or null
 * @param temperature    or null
 * @param metadata       kept with the task, or null
 * @param ifBusy         when the session has a task queued or running; null means enqueue
 * @param idempotencyKey a retry with the same key and command returns the same task; or null
 * @param fallbackAgent  the agent to run when the lookup finds none that covers the input (verdict
 *                       noMatch); null for {@code lookup.fallback-agent}, and without that such a task
 *                       is refused
 */
public record TaskCommand(
        String agent,
        String input,
        UUID sessionId,
        String model,
        Integer maxTokens,
        Double temperature,
        Map<String, Object> metadata,
        IfBusy ifBusy,
        String idempotencyKey,
        String fallbackAgent) {

    public static TaskCommand of(String agent, String input) {
        return new TaskCommand(agent, input, null, null, null, null, null, null, null, null);
    }
}
