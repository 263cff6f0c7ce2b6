package io.agentruntime.a2a;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A stream's Server-Sent Events, one {@code data:} line of JSON each: the binding decides the JSON (the
 * StreamResponse as it is on HTTP+JSON, inside a JSON-RPC response on JSON-RPC). Writing to a response
 * whose caller has gone does not fail, so each event checks the connection; a caller who leaves does not
 * cancel the task (A2A tasks outlive their streams: SubscribeToTask or GetTask find it later).
 */
final class A2aSse implements A2aOperations.Events {

    private final OutputStream os;
    private final HttpServerResponse response;
    private final ObjectMapper json;
    private final Function<A2aWire.StreamResponse, Object> frame;

    A2aSse(
            OutputStream os,
            HttpServerResponse response,
            ObjectMapper json,
            Function<A2aWire.StreamResponse, Object> frame) {
        this.os = os;
        this.response = response;
        this.json = json;
        this.frame = frame;
    }

    /** What a stream writes, after its first checks passed. */
    interface Body {
        void write(A2aSse out) throws IOException;
    }

    /**
     * The streamed response: each event framed by {@code frame}; an A2A error once the stream has begun
     * is one last event, framed by {@code failure}, under the SSE event name {@code errorEvent} (or none).
     */
    static Response response(
            HttpServerResponse http,
            ObjectMapper json,
            Function<A2aWire.StreamResponse, Object> frame,
            String errorEvent,
            Function<A2aError, Object> failure,
            Body body) {
        StreamingOutput output = os -> {
            A2aSse out = new A2aSse(os, http, json, frame);
            try {
                body.write(out);
            } catch (A2aError e) {
                out.write(errorEvent, failure.apply(e));
            } catch (IOException gone) {
                // the caller left; the task goes on
            }
        };
        return Response.ok(output, MediaType.SERVER_SENT_EVENTS_TYPE)
                .header("Cache-Control", "no-cache")
                .build();
    }

    @Override
    public void send(A2aWire.StreamResponse event) throws IOException {
        write(null, frame.apply(event));
    }

    private void write(String event, Object body) throws IOException {
        if (response.closed()) {
            throw new IOException("The caller closed the stream");
        }
        String data;
        try {
            data = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write an A2A event", e);
        }
        String frameText = (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
        os.write(frameText.getBytes(StandardCharsets.UTF_8));
        os.flush();
    }
}
