package io.agentruntime.provider.client;

/**
 * How one provider is called: {@code calls}, its REST client, for whole answers, and {@code streams} for
 * streamed answers. Both keep their connections alive in a pool; whole answers speak HTTP/2 where
 * configured, streams HTTP/1.1.
 *
 * <p>Why streams do not use the REST client: it ends every server-sent event stream by closing its
 * connection. On a pooled HTTP/1.1 connection that close could land after the pool had already handed
 * the connection to the next waiting call, which then failed with "Connection was closed" before its
 * answer (issue 13: 57 to 199 of 1,000 concurrent streamed tasks). {@link EventStreams} reads a stream's
 * bytes itself, so a stream read to its end returns its connection to the pool like any other response,
 * and only a stream abandoned halfway closes its connection, while it is still its own.
 *
 * @param <T> the provider's REST client interface
 */
public record Apis<T>(T calls, EventStreams streams) implements AutoCloseable {

    @Override
    public void close() {
        if (calls instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing at shutdown: nothing to do about it
            }
        }
        if (streams != null) {
            streams.close();
        }
    }
}
