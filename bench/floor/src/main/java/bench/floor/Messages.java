package bench.floor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The Anthropic Messages API, as much of it as the floor uses. */
@RegisterRestClient(configKey = "provider")
@Path("/v1/messages")
public interface Messages {

    record Message(String role, String content) {}

    record Request(String model, int max_tokens, List<Message> messages) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Block(String type, String text) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(int input_tokens, int output_tokens) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Response(String id, List<Block> content, String stop_reason, Usage usage) {}

    @POST
    Response create(
            @HeaderParam("x-api-key") String apiKey,
            @HeaderParam("anthropic-version") String version,
            Request request);
}
