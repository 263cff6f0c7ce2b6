package io.agentruntime.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agentruntime.provider.client.ProviderSettings;
import java.util.List;

/** Bodies shaped like the providers' documented answers, streams and errors. */
public final class ProviderFixtures {

    /** Connection settings for providers built by hand in tests: a small pool, no waiting in line. */
    public static final ProviderSettings.Connections CONNECTIONS = new ProviderSettings.Connections(
            50, -1, true, java.time.Duration.ofSeconds(60), false, 50, java.time.Duration.ZERO);

    private ProviderFixtures() {}

    /** Both providers answer every streamed call with {@code parts} after {@code delayMillis}. */
    public static void stubStreams(WireMockServer wireMock, int delayMillis, String... parts) {
        wireMock.stubFor(post("/v1/chat/completions")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(openAiStream("gpt-4o-mini", parts))
                        .withFixedDelay(delayMillis)));
        StringBuilder anthropic = new StringBuilder(anthropicStart());
        for (String part : parts) {
            anthropic.append(anthropicDelta(part));
        }
        wireMock.stubFor(post("/v1/messages")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream; charset=utf-8")
                        .withBody(anthropic + anthropicEnd())
                        .withFixedDelay(delayMillis)));
    }

    public static ChatRequest ask(String provider, String model) {
        return new ChatRequest(
                new ResolvedModel(provider, model),
                "Be brief.",
                List.of(new ChatMessage(ChatMessage.Role.USER, "Say hello")),
                null,
                null);
    }

    public static String anthropicMessage(String text) {
        return """
                {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
                 "content":[{"type":"text","text":"%s"}],"model":"claude-sonnet-4-6",
                 "stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":12,"output_tokens":7}}""".formatted(text);
    }

    public static String anthropicError(String type, String message) {
        return """
                {"type":"error","error":{"type":"%s","message":"%s"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}""".formatted(type, message);
    }

    /** One server-sent event as Anthropic writes it: a name line and a data line. */
    public static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    public static String anthropicStart() {
        return event("message_start", """
                {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],\
                "model":"claude-sonnet-4-6","stop_reason":null,"stop_sequence":null,\
                "usage":{"input_tokens":25,"output_tokens":1}}}""")
                + event(
                        "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + event("ping", "{\"type\": \"ping\"}");
    }

    public static String anthropicDelta(String text) {
        return event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0," + "\"delta\":{\"type\":\"text_delta\",\"text\":\""
                        + text + "\"}}");
    }

    public static String anthropicEnd() {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event(
                        "message_delta",
                        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    /** A whole Anthropic stream: start, one delta per part, end. */
    public static String anthropicStream(String... parts) {
        StringBuilder body = new StringBuilder(anthropicStart());
        for (String part : parts) {
            body.append(anthropicDelta(part));
        }
        return body + anthropicEnd();
    }

    public static String anthropicStreamError(String type) {
        return event("error", "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"Overloaded\"}}");
    }

    public static String openAiCompletion(String model, String text) {
        return """
                {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,
                 "model":"%s","choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null},
                 "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29}}""".formatted(model, text);
    }

    public static String openAiError(String type, String code, String message) {
        return """
                {"error":{"message":"%s","type":"%s","param":null,"code":%s}}""".formatted(message, type, code == null ? "null" : "\"" + code + "\"");
    }

    /** A whole OpenAI stream: role chunk, content chunks, finish chunk, usage chunk, [DONE]. */
    public static String openAiStream(String model, String... parts) {
        String head = "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
                + "\"model\":\"" + model + "\",\"system_fingerprint\":\"fp_44709d6fcb\",";
        StringBuilder sse = new StringBuilder();
        sse.append("data: ")
                .append(head)
                .append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                        + "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        for (String part : parts) {
            sse.append("data: ")
                    .append(head)
                    .append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
                    .append(part)
                    .append("\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        }
        sse.append("data: ")
                .append(head)
                .append("\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
        sse.append("data: ")
                .append(head)
                .append("\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
                        + "\"completion_tokens\":4,\"total_tokens\":13}}\n\n");
        sse.append("data: [DONE]\n\n");
        return sse.toString();
    }
}
