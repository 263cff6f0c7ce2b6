package io.agentruntime.provider.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.util.Map;

/**
 * Registered on one named provider's REST client: adds the provider's fixed headers (key, version).
 * Streamed calls do not go through the REST client; {@link EventStreams} adds the same headers.
 */
public final class ProviderHttpFilter implements ClientRequestFilter {

    private final Map<String, String> fixedHeaders;

    public ProviderHttpFilter(Map<String, String> fixedHeaders) {
        this.fixedHeaders = Map.copyOf(fixedHeaders);
    }

    @Override
    public void filter(ClientRequestContext request) {
        fixedHeaders.forEach(request.getHeaders()::putSingle);
    }
}
