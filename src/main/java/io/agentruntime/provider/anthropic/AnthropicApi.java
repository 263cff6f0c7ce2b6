package io.agentruntime.provider.anthropic;

import io.agentruntime.provider.client.ProviderErrors;
import io.agentruntime.provider.client.ProviderHttpFilter;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.SseEvent;

/**
 * The Anthropic Messages API. Built per named provider with its own base URL (which ends in /v1), key
 * and timeouts; {@link ProviderHttpFilter} adds x-api-key and anthropic-version.
 */
@RegisterRestClient(configKey = "anthropic")
@Path("/messages")
public interface AnthropicApi {

    String REQUEST_ID_HEADER = "request-id";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<AnthropicWire.MessagesResponse>> create(AnthropicWire.MessagesRequest request);

    /** The same call with {@code stream: true}; the call header lets the filter catch the request id. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<SseEvent<String>> stream(
            @HeaderParam(ProviderHttpFilter.CALL_HEADER) String call, AnthropicWire.MessagesRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ProviderErrors.fromResponse(response, REQUEST_ID_HEADER);
    }
}
