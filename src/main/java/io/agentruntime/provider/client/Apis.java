package io.agentruntime.provider.client;

/**
 * The two REST clients of one provider: {@code calls} for whole answers, on pooled keep-alive connections
 * (HTTP/2 where configured), and {@code streams} for streamed answers, on a connection of their own each.
 *
 * <p>Why two: the REST client ends every server-sent event stream by closing its connection. On a pooled
 * HTTP/1.1 connection that close can land after the pool has already handed the connection to the next
 * waiting call, which then fails with "Connection was closed" before its answer (issue 13: 57 to 199 of
 * 1,000 concurrent streamed tasks); on an HTTP/2 connection it would end every stream multiplexed on it. A
 * stream therefore never shares its connection: its client keeps no connection alive and speaks
 * HTTP/1.1, so the close at its end closes nothing but its own.
 *
 * @param <T> the provider's REST client interface
 */
public record Apis<T>(T calls, T streams) implements AutoCloseable {

    @Override
    public void close() {
        closeQuietly(calls);
        closeQuietly(streams);
    }

    private static void closeQuietly(Object api) {
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing at shutdown: nothing to do about it
            }
        }
    }
}
