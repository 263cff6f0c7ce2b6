package io.agentruntime.task.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.task.TasksConfig;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The engine's periodic work runs on the Quarkus scheduler, at intervals the {@code @Scheduled}
 * expressions read from the task settings: defaults from {@link TasksConfig}, overrides from the profile.
 */
@QuarkusTest
class TaskSchedulesTest {

    @Inject
    Scheduler scheduler;

    @Inject
    TasksConfig config;

    @Test
    void theEngineJobsAreScheduled() {
        assertThat(scheduler.isRunning()).isTrue();
        assertThat(scheduler.getScheduledJobs())
                .extracting(Trigger::getId)
                .contains(
                        TaskExecutor.RENEW_JOB,
                        TaskExecutor.CANCEL_CHECK_JOB,
                        TaskWorker.POLL_JOB,
                        TaskWorker.KEY_CLEANUP_JOB);
    }

    @Test
    void theScheduleExpressionsResolveFromTheConfigMapping() {
        // Not set in any properties file: only the @WithDefault of the mapping gives it a value.
        assertThat(ConfigProvider.getConfig().getValue("tasks.worker.cancel-check-interval", Duration.class))
                .isEqualTo(config.worker().cancelCheckInterval())
                .isEqualTo(Duration.ofSeconds(1));
        // Shortened by the test profile: the job reads the same value as the mapping.
        assertThat(ConfigProvider.getConfig().getValue("tasks.worker.poll-interval", Duration.class))
                .isEqualTo(config.worker().pollInterval())
                .isEqualTo(Duration.ofSeconds(1));
    }
}
