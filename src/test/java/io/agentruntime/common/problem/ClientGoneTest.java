package io.agentruntime.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures {@link ProblemMappers} takes for a client that went away (logged quietly) and which for a fault. */
class ClientGoneTest {

    @Test
    void aClosedConnectionAnywhereInTheCausesIsAClientThatWentAway() {
        assertThat(ProblemMappers.clientGone(new ClosedChannelException())).isTrue();
        assertThat(ProblemMappers.clientGone(new CompletionException(new ClosedChannelException())))
                .isTrue();
        // The body was still being read when the connection closed.
        assertThat(ProblemMappers.clientGone(new IOException(new HttpClosedException("Connection was closed"))))
                .isTrue();
    }

    @Test
    void otherFailuresAreFaults() {
        assertThat(ProblemMappers.clientGone(new IllegalStateException("boom"))).isFalse();
        assertThat(ProblemMappers.clientGone(new UncheckedIOException(new IOException("disk"))))
                .isFalse();
    }
}
