package io.agentruntime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.deploy.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact as a Job runs it: a separate process with arguments. Unlike the in-JVM test, the
 * streams are the process's own, so this shows that standard output carries the command's output only.
 */
@QuarkusMainIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
class CommandModeIT {

    @Test
    @Launch({"agents", "list"})
    void standardOutputHoldsTheAnswerOnly(LaunchResult result) {
        assertThat(result.getOutputStream())
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("[a-z0-9-]+ +[a-z0-9.-]+ +\\S.*"))
                .anySatisfy(line -> assertThat(line).startsWith("code-reviewer "));
    }

    @Test
    @Launch(
            value = {"agents", "validate", "src/test/resources/cli/empty-description.md"},
            exitCode = 1)
    void anInvalidFileFailsWithItsProblem(LaunchResult result) {
        assertThat(result.getOutputStream())
                .containsExactly(
                        "src/test/resources/cli/empty-description.md:3: "
                                + "description is empty (dropped: the description says when to use the agent and cannot be guessed)");
    }
}
