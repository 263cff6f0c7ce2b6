package io.agentruntime.provider.anthropic;

import io.agentruntime.provider.client.ProviderErrors;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The Anthropic Messages API, for whole answers (streamed ones go through
 * {@link io.agentruntime.provider.client.EventStreams}). Built per named provider with its own base URL
 * (which ends in /v1), key and timeouts; {@link io.agentruntime.provider.client.ProviderHttpFilter} adds
 * x-api-key and anthropic-version.
 */
@RegisterRestClient(configKey = "anthropic")
@Path("/messages")
public interface AnthropicApi {

    String REQUEST_ID_HEADER = "request-id";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<AnthropicWire.MessagesResponse>> create(AnthropicWire.MessagesRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ProviderErrors.fromResponse(response, REQUEST_ID_HEADER);
    }
}
