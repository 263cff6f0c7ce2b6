package io.agentruntime.provider.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streamed calls of one provider: POSTs a JSON body and reads the response's server-sent events with
 * {@link SseParser}, on pooled keep-alive HTTP/1.1 connections of a Vert.x HTTP client of their own.
 *
 * <p>Why not the REST client: it ends every event stream by closing its connection, and on a pooled
 * connection that close can land after the pool has handed the connection to the next call, which then
 * fails with "Connection was closed" (issue 13). Here a response read to its end simply returns its
 * connection to the pool. Only a response abandoned halfway (the caller cancelled, the read timeout
 * fired, the bytes were unreadable) has its connection closed, since the rest of that response would
 * still arrive on it; that close is decided and done on the request's own Vert.x context, which is also
 * where Vert.x hands the finished connection back to the pool, so it can never hit a connection another
 * call has since been given (the close evicts the connection from the pool at once).
 *
 * <p>HTTP/1.1 even where {@code connections.http2} is on: on a multiplexed connection an abandoned
 * stream would need a stream reset instead of a close, which is not tested yet.
 */
public final class EventStreams implements AutoCloseable {

    private final Vertx vertx;
    private final HttpClient http;
    private final String baseUri;
    private final Map<String, String> headers;
    private final String requestIdHeader;
    private final ObjectMapper json;
    private final long readTimeoutMillis;

    /**
     * @param headers         the provider's fixed headers (key, version)
     * @param requestIdHeader the response header holding the provider's request id
     */
    public EventStreams(
            Vertx vertx,
            ProviderSettings settings,
            Map<String, String> headers,
            String requestIdHeader,
            ObjectMapper json) {
        this.vertx = vertx;
        ProviderSettings.Connections c = settings.connections();
        this.http = vertx.createHttpClient(
                options(settings),
                new PoolOptions().setHttp1MaxSize(c.poolSize()).setMaxWaitQueueSize(c.waitQueueSize()));
        this.baseUri = settings.baseUri().toString();
        this.headers = Map.copyOf(headers);
        this.requestIdHeader = requestIdHeader;
        this.json = json;
        this.readTimeoutMillis = Math.max(1, settings.readTimeout().toMillis());
    }

    static HttpClientOptions options(ProviderSettings settings) {
        ProviderSettings.Connections c = settings.connections();
        return new HttpClientOptions()
                .setName("provider-" + settings.name() + "-streams")
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setConnectTimeout((int)
                        Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .setKeepAlive(c.keepAlive())
                .setKeepAliveTimeout((int) c.keepAliveTimeout().toSeconds())
                .setPipelining(false)
                // TLS as the REST client does it: the JDK's trust store, host names verified, SNI sent.
                .setVerifyHost(true)
                .setForceSni(true);
    }

    /** One streamed call: the provider's request id once the response headers arrived. */
    public static final class Call {

        private volatile String requestId;
        private volatile boolean responded;

        /** The provider's request id, or null before the response headers (or when it sent none). */
        public String requestId() {
            return requestId;
        }

        /** Whether the response headers arrived: from then on the provider has seen the request. */
        public boolean responded() {
            return responded;
        }
    }

    /**
     * POSTs {@code body} as JSON to {@code path} under the base URL. The events come as they arrive; an
     * HTTP error status fails with the same {@link UpstreamException} the REST client's mapper gives.
     */
    public Multi<ServerSentEvent> post(String path, Object body, Call call) {
        return Multi.createFrom().emitter(emitter -> {
            byte[] payload;
            try {
                payload = json.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                emitter.fail(e);
                return;
            }
            Exchange exchange = new Exchange(emitter, call, context());
            emitter.onTermination(exchange::terminated);
            exchange.context.runOnContext(ignored -> exchange.start(baseUri + path, Buffer.buffer(payload)));
        });
    }

    /**
     * An event-loop context for one exchange: the caller's own when it is on an event loop, a new one
     * otherwise (a worker context would run the exchange on the blocking pool).
     */
    private Context context() {
        Context current = Vertx.currentContext();
        if (current != null && current.isEventLoopContext() && current.owner() == vertx) {
            return current;
        }
        return ((VertxInternal) vertx).createEventLoopContext();
    }

    /** One request and its response; every field is touched on {@link #context} only. */
    private final class Exchange {

        private final MultiEmitter<? super ServerSentEvent> emitter;
        private final Call call;
        private final Context context;
        private final SseParser parser = new SseParser();
        private HttpClientRequest request;
        /** The response was read to its end (or failed on its own): its connection is not ours to close. */
        private boolean finished;
        /** The caller went away before the request was sent. */
        private boolean abandoned;

        private long lastRead;
        private long timer = -1;

        Exchange(MultiEmitter<? super ServerSentEvent> emitter, Call call, Context context) {
            this.emitter = emitter;
            this.call = call;
            this.context = context;
        }

        void start(String uri, Buffer payload) {
            if (abandoned) {
                return;
            }
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setAbsoluteURI(uri)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.ACCEPT, "text/event-stream");
            headers.forEach(options::putHeader);
            http.request(options).onComplete(obtained -> {
                if (obtained.failed()) {
                    fail(obtained.cause());
                    return;
                }
                request = obtained.result();
                if (abandoned) {
                    // Never sent, but the connection is lent to this request until it ends: closing is
                    // the one way to give it up that cannot touch another call.
                    request.connection().close();
                    return;
                }
                lastRead = System.nanoTime();
                watch();
                request.send(payload).onComplete(answered -> {
                    if (answered.failed()) {
                        fail(answered.cause());
                    } else {
                        respond(answered.result());
                    }
                });
            });
        }

        private void respond(HttpClientResponse response) {
            lastRead = System.nanoTime();
            call.requestId = response.getHeader(requestIdHeader);
            call.responded = true;
            int status = response.statusCode();
            String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
            if (status != 200 || type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                // Read to the end, so that the connection goes back to the pool.
                response.body().onComplete(read -> {
                    if (finished) {
                        return; // given up meanwhile (timeout, cancel)
                    }
                    finished = true;
                    stopWatching();
                    Throwable failure;
                    if (read.failed()) {
                        failure = read.cause(); // the connection failed: nothing left to close
                    } else if (status != 200) {
                        failure = ProviderErrors.fromAnswer(
                                status, read.result().toString(), response::getHeader, requestIdHeader);
                    } else {
                        failure = WireFailures.unreadable(call.requestId);
                    }
                    afterRecycle(() -> emitter.fail(failure));
                });
                return;
            }
            response.exceptionHandler(this::fail);
            response.handler(chunk -> {
                if (finished) {
                    return; // failed already: what still arrives before the close is dropped
                }
                lastRead = System.nanoTime();
                List<ServerSentEvent> events;
                try {
                    events = parser.feed(chunk.getBytes());
                } catch (IllegalStateException e) {
                    fail(WireFailures.unreadable(call.requestId));
                    return;
                }
                events.forEach(emitter::emit);
            });
            response.endHandler(ignored -> {
                if (finished) {
                    return;
                }
                finished = true;
                stopWatching();
                List<ServerSentEvent> last = parser.finish();
                afterRecycle(() -> {
                    last.forEach(emitter::emit);
                    emitter.complete();
                });
            });
        }

        /**
         * Runs once Vert.x has handed the connection back to the pool, which it does on this context right
         * after the response's end: a caller that starts its next call on hearing of the end then finds
         * the connection free rather than opening another.
         */
        private void afterRecycle(Runnable signal) {
            context.runOnContext(ignored -> signal.run());
        }

        /** The read timeout: the call fails once nothing arrived for that long. */
        private void watch() {
            long silentMillis = (System.nanoTime() - lastRead) / 1_000_000;
            long left = readTimeoutMillis - silentMillis;
            if (left <= 0) {
                timer = -1;
                fail(WireFailures.timeout());
                return;
            }
            timer = vertx.setTimer(left, ignored -> {
                if (!finished && !emitter.isCancelled()) {
                    watch();
                }
            });
        }

        private void stopWatching() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }

        private void fail(Throwable failure) {
            if (finished) {
                return; // the echo of our own close, or of a response that had ended: nobody to tell
            }
            abandon();
            emitter.fail(failure);
        }

        /** From any thread, when the caller's subscription ends for whatever reason. */
        void terminated() {
            context.runOnContext(ignored -> abandon());
        }

        /**
         * Gives up the response unless it was read to its end. On this context, the end of the response
         * and the connection's return to the pool come in that order, so a response not yet finished
         * here still holds its connection: closing it touches no other call.
         */
        private void abandon() {
            stopWatching();
            if (finished) {
                return;
            }
            finished = true;
            if (request == null) {
                abandoned = true;
            } else {
                request.connection().close();
            }
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
