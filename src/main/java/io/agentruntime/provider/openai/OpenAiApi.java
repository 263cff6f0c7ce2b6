package io.agentruntime.provider.openai;

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
 * OpenAI-compatible Chat Completions, for whole answers (streamed ones go through
 * {@link io.agentruntime.provider.client.EventStreams}). Built per named provider with its own base URL (which ends in its
 * version segment, e.g. /v1), optional bearer key and timeouts.
 */
@RegisterRestClient(configKey = "openai")
@Path("/chat/completions")
public interface OpenAiApi {

    String REQUEST_ID_HEADER = "x-request-id";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<OpenAiWire.ChatCompletion>> create(OpenAiWire.ChatCompletionRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ProviderErrors.fromResponse(response, REQUEST_ID_HEADER);
    }
}
