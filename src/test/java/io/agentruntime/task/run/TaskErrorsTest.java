package io.agentruntime.task.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.provider.ProviderException;
import io.agentruntime.task.TaskView;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A provider's Retry-After (rate limit, overload, open circuit) stays with the failed task's error. */
class TaskErrorsTest {

    @Test
    void anOpenCircuitKeepsItsRetryAfter() {
        ProviderException open = new ProviderException(
                ProviderException.Kind.CIRCUIT_OPEN,
                "anthropic",
                0,
                null,
                "Model provider 'anthropic' keeps failing; calls to it are paused for 12 s",
                Map.of("Retry-After", "12"),
                null);
        TaskView.TaskError error = TaskErrors.of(open, UUID.randomUUID());
        assertThat(error.status()).isEqualTo(503);
        assertThat(error.retryAfter()).isEqualTo(12L);
    }

    @Test
    void otherFailuresHaveNone() {
        ProviderException upstream = new ProviderException(
                ProviderException.Kind.UPSTREAM, "anthropic", 500, null, "failed", Map.of(), null);
        assertThat(TaskErrors.of(upstream, UUID.randomUUID()).retryAfter()).isNull();
        assertThat(TaskErrors.of(new TaskErrors.AnswerTooLarge(10), UUID.randomUUID())
                        .kind())
                .isEqualTo("answer_too_large");
    }
}
