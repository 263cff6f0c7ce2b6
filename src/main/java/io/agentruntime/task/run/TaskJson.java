package io.agentruntime.task.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentruntime.task.TaskMode;
import io.agentruntime.task.TaskView;
import io.agentruntime.task.store.TaskEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/** Turns task rows into views and records into the JSON maps stored in jsonb columns. */
@ApplicationScoped
class TaskJson {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ObjectMapper json;
    private final ObjectMapper canonical;

    TaskJson(ObjectMapper json) {
        this.json = json;
        this.canonical = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    TaskView view(TaskEntity t) {
        Long duration = t.startedAt != null && t.finishedAt != null
                ? Duration.between(t.startedAt, t.finishedAt).toMillis()
                : null;
        TaskView.Usage usage = t.inputTokens == null && t.outputTokens == null
                ? null
                : new TaskView.Usage(
                        t.inputTokens == null ? 0 : t.inputTokens, t.outputTokens == null ? 0 : t.outputTokens);
        return new TaskView(
                t.id,
                t.sessionId,
                t.agent,
                t.model,
                t.provider,
                t.status(),
                TaskMode.of(t.mode),
                t.input,
                t.output,
                usage,
                convert(t.error, TaskView.TaskError.class),
                convert(t.lookup, TaskView.LookupInfo.class),
                t.metadata,
                t.attempts,
                t.cancelRequested && !t.status().terminal() ? Boolean.TRUE : null,
                t.createdAt,
                t.startedAt,
                t.finishedAt,
                duration,
                t.providerMs);
    }

    Map<String, Object> map(Object value) {
        return value == null ? null : json.convertValue(value, MAP);
    }

    <T> T convert(Map<String, Object> value, Class<T> type) {
        return value == null ? null : json.convertValue(value, type);
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write JSON", e);
        }
    }

    /** SHA-256 of the value written with sorted keys: equal requests hash equally, whatever their field order. */
    String hash(Object value) {
        try {
            byte[] bytes = canonical
                    .writeValueAsString(canonical.convertValue(value, Object.class))
                    .getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Could not hash the request", e);
        }
    }
}
