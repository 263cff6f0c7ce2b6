package io.agentruntime.provider.openai;

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
 * OpenAI-compatible Chat Completions. Built per named provider with its own base URL (which ends in its
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

    /** The same call with {@code stream: true}; the call header lets the filter catch the request id. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<SseEvent<String>> stream(
            @HeaderParam(ProviderHttpFilter.CALL_HEADER) String call, OpenAiWire.ChatCompletionRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ProviderErrors.fromResponse(response, REQUEST_ID_HEADER);
    }
}
