package io.agentruntime.provider.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registered on one named provider's REST client. Adds the provider's fixed headers (key, version), and
 * for streamed calls hands the response's request id to the caller: a streamed call returns only its
 * events, so the call names itself in an internal header that this filter removes before sending and
 * matches when the response headers arrive.
 */
public final class ProviderHttpFilter implements ClientRequestFilter, ClientResponseFilter {

    public static final String CALL_HEADER = "X-Agent-Runtime-Call";
    private static final String CALL_PROPERTY = ProviderHttpFilter.class.getName() + ".call";

    private final Map<String, String> fixedHeaders;
    private final String requestIdHeader;
    private final Map<String, Call> open = new ConcurrentHashMap<>();

    public ProviderHttpFilter(Map<String, String> fixedHeaders, String requestIdHeader) {
        this.fixedHeaders = Map.copyOf(fixedHeaders);
        this.requestIdHeader = requestIdHeader;
    }

    /** One streamed call in flight; {@link #requestId()} is set once the response headers arrived. */
    final class Call implements AutoCloseable {

        private final String id = UUID.randomUUID().toString();
        private volatile String requestId;
        private volatile boolean responded;

        String id() {
            return id;
        }

        String requestId() {
            return requestId;
        }

        /** Whether the response headers arrived: from then on the provider has seen the request. */
        boolean responded() {
            return responded;
        }

        @Override
        public void close() {
            open.remove(id);
        }
    }

    Call open() {
        Call call = new Call();
        open.put(call.id, call);
        return call;
    }

    @Override
    public void filter(ClientRequestContext request) {
        fixedHeaders.forEach(request.getHeaders()::putSingle);
        String call = request.getHeaderString(CALL_HEADER);
        if (call != null) {
            request.getHeaders().remove(CALL_HEADER);
            request.setProperty(CALL_PROPERTY, call);
        }
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        // Response filters also run when the call failed without an answer (a timeout): no headers then.
        if (response.getHeaders() != null && request.getProperty(CALL_PROPERTY) instanceof String id) {
            Call call = open.get(id);
            if (call != null) {
                call.requestId = response.getHeaderString(requestIdHeader);
                call.responded = true;
            }
        }
    }
}
