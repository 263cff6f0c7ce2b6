package io.agentruntime.openaicompat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import io.agentruntime.deploy.EmbeddedPostgresResource;
import io.agentruntime.task.Stubs;
import io.agentruntime.testing.ProviderWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's official Java SDK ({@code com.openai:openai-java}), unedited, against the packaged app: models,
 * Chat Completions whole and streamed with usage, Responses whole, streamed and continued with
 * {@code previous_response_id}, an unknown model as the SDK's NotFoundException, and a stream closed early
 * cancelling its task. A bad key's UnauthorizedException is in OpenAiAuthTest (it needs authentication on).
 */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(ProviderWireMock.class)
class OpenAiJavaSdkIT {

    private static final String AGENT = "sonnet-helper";

    @ProviderWireMock.InjectWireMock
    WireMockServer wm;

    private OpenAIClient client;
    private String marker;

    @BeforeEach
    void client() {
        client = OpenAIOkHttpClient.builder()
                .apiKey("not-needed-with-auth-off")
                .baseUrl("http://localhost:" + RestAssured.port + "/openai/v1")
                .maxRetries(0)
                .build();
        marker = "m-" + UUID.randomUUID();
    }

    private void answers(String words, String text) {
        Stubs.anthropic(wm, words + " " + marker, text);
    }

    private void streams(String words, String... parts) {
        Stubs.anthropicStream(wm, words + " " + marker, List.of(parts));
    }

    private ChatCompletionCreateParams.Builder chat(String words) {
        return ChatCompletionCreateParams.builder().model(AGENT).addUserMessage(words + " " + marker);
    }

    private static String text(Response r) {
        return r.output()
                .getFirst()
                .asMessage()
                .content()
                .getFirst()
                .asOutputText()
                .text();
    }

    @Test
    void modelsAndChatCompletionsWholeAndStreamed() {
        assertThat(client.models().list().data()).extracting(Model::id).contains(AGENT);
        assertThat(client.models().retrieve(AGENT).id()).isEqualTo(AGENT);

        answers("Whole, please.", "A whole answer.");
        ChatCompletion whole =
                client.chat().completions().create(chat("Whole, please.").build());
        assertThat(whole.choices().getFirst().message().content()).contains("A whole answer.");
        assertThat(whole.usage().orElseThrow().totalTokens()).isEqualTo(28);

        streams("Stream, please.", "A streamed ", "answer.");
        StringBuilder text = new StringBuilder();
        long usage = 0;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(chat("Stream, please.")
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                usage = chunk.usage().map(u -> u.totalTokens()).orElse(usage);
            }
        }
        assertThat(text).hasToString("A streamed answer.");
        assertThat(usage).isPositive();

        assertThatThrownBy(() -> client.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("no-such-agent")
                                .addUserMessage("Anyone?")
                                .build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void responsesWholeContinuedAndStreamed() {
        answers("Capital of France?", "Paris.");
        Response first = client.responses()
                .create(ResponseCreateParams.builder()
                        .model(AGENT)
                        .instructions("Answer in one word.")
                        .input("Capital of France? " + marker)
                        .build());
        assertThat(first.status()).contains(ResponseStatus.COMPLETED);
        assertThat(text(first)).isEqualTo("Paris.");
        assertThat(first.usage().orElseThrow().totalTokens()).isEqualTo(28);

        answers("And its population?", "About two million.");
        Response second = client.responses()
                .create(ResponseCreateParams.builder()
                        .model(AGENT)
                        .previousResponseId(first.id())
                        .input("And its population? " + marker)
                        .build());
        assertThat(text(second)).isEqualTo("About two million.");
        assertThat(second.previousResponseId()).contains(first.id());
        assertThat(client.responses().retrieve(second.id()).status()).contains(ResponseStatus.COMPLETED);

        streams("Stream a response.", "Streamed ", "response.");
        StringBuilder text = new StringBuilder();
        List<Response> completed = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses()
                .createStreaming(ResponseCreateParams.builder()
                        .model(AGENT)
                        .previousResponseId(second.id())
                        .input("Stream a response. " + marker)
                        .build())) {
            stream.stream().forEach(event -> {
                event.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                event.completed().ifPresent(c -> completed.add(c.response()));
            });
        }
        assertThat(text).hasToString("Streamed response.");
        assertThat(completed).hasSize(1);
        assertThat(text(completed.getFirst())).isEqualTo("Streamed response.");
        assertThat(completed.getFirst().usage().orElseThrow().totalTokens()).isPositive();
        // All three turns in one session: the response id's task says which.
        String session = sessionOf(first.id());
        assertThat(sessionOf(completed.getFirst().id())).isEqualTo(session);
        assertThat(given().get("/v1/sessions/" + session + "/messages")
                        .jsonPath()
                        .getList("items"))
                .hasSize(6);

        assertThatThrownBy(() -> client.responses()
                        .create(ResponseCreateParams.builder()
                                .model("no-such-agent")
                                .input("Anyone?")
                                .build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void closingAStreamCancelsItsTask() {
        // Six deltas dribbled over 30 s: the stream is closed after the first.
        Stubs.anthropicSlowStream(wm, "Slowly, please. " + marker, "part", 6, 30_000);
        String id = null;
        try (StreamResponse<ResponseStreamEvent> stream = client.responses()
                .createStreaming(ResponseCreateParams.builder()
                        .model(AGENT)
                        .input("Slowly, please. " + marker)
                        .build())) {
            for (ResponseStreamEvent event : (Iterable<ResponseStreamEvent>) stream.stream()::iterator) {
                if (event.created().isPresent()) {
                    id = event.created().get().response().id();
                }
                if (event.outputTextDelta().isPresent()) {
                    break; // closing the stream aborts the request
                }
            }
        }
        String task = id.substring("resp_".length());
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> "canceled".equals(given().get("/v1/tasks/" + task).path("status")));
        assertThat(client.responses().retrieve(id).status()).contains(ResponseStatus.CANCELLED);
    }

    private static String sessionOf(String responseId) {
        return given().get("/v1/tasks/" + responseId.substring("resp_".length()))
                .path("sessionId");
    }
}
