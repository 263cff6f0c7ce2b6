package io.agentruntime.task;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.UUID;

/**
 * Provider answers shaped like the providers' documentation: Anthropic Messages (blocking and its
 * event stream) and OpenAI Chat Completions (blocking and chat.completion.chunk with [DONE]). Each stub
 * matches requests whose last message contains a marker, so that tests do not see each other's calls.
 */
public final class Stubs {

    public static final String ANTHROPIC = "/v1/messages";
    public static final String OPENAI = "/v1/chat/completions";

    private Stubs() {}

    public static String marker() {
        return "m-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Requests whose last message (the new user turn) contains the marker. */
    public static MappingBuilder lastMessage(String path, String marker) {
        return post(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.messages[-1:].content", containing(marker)));
    }

    public static RequestPatternBuilder requested(String path, String marker) {
        return postRequestedFor(urlEqualTo(path))
                .withRequestBody(matchingJsonPath("$.messages[-1:].content", containing(marker)));
    }

    public static List<LoggedRequest> requests(WireMockServer wm, String path, String marker) {
        return wm.findAll(requested(path, marker));
    }

    // --- Anthropic -----------------------------------------------------------------------------------

    public static void anthropic(WireMockServer wm, String marker, String text) {
        wm.stubFor(lastMessage(ANTHROPIC, marker)
                .atPriority(5)
                .willReturn(anthropicAnswer("claude-sonnet-4-6", text, 21, 7)));
    }

    /** A blocking answer that comes after {@code delayMillis}. */
    public static void anthropicAfter(WireMockServer wm, String marker, String text, int delayMillis) {
        wm.stubFor(lastMessage(ANTHROPIC, marker)
                .atPriority(5)
                .willReturn(anthropicAnswer("claude-sonnet-4-6", text, 5, 5).withFixedDelay(delayMillis)));
    }

    /**
     * A stream of {@code count} deltas ("{prefix}0 ", "{prefix}1 "...) dribbled over {@code millis}.
     *
     * @return the deltas
     */
    public static List<String> anthropicSlowStream(
            WireMockServer wm, String marker, String prefix, int count, int millis) {
        List<String> deltas = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> prefix + i + " ")
                .toList();
        wm.stubFor(lastMessage(ANTHROPIC, marker)
                .willReturn(anthropicStreamAnswer(deltas).withChunkedDribbleDelay(count, millis)));
        return deltas;
    }

    public static ResponseDefinitionBuilder anthropicAnswer(String model, String text, int in, int out) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("request-id", "req_" + UUID.randomUUID().toString().replace("-", ""))
                .withBody("""
                        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"%s",
                         "content":[{"type":"text","text":%s}],"stop_reason":"end_turn","stop_sequence":null,
                         "usage":{"input_tokens":%d,"output_tokens":%d}}""".formatted(model, quote(text), in, out));
    }

    public static void anthropicStream(WireMockServer wm, String marker, List<String> deltas) {
        wm.stubFor(lastMessage(ANTHROPIC, marker)
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(anthropicStreamAnswer(deltas)));
    }

    public static ResponseDefinitionBuilder anthropicStreamAnswer(List<String> deltas) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream; charset=utf-8")
                .withHeader(
                        "request-id",
                        "req_stream_" + UUID.randomUUID().toString().substring(0, 8))
                .withBody(anthropicEvents(deltas));
    }

    public static String anthropicEvents(List<String> deltas) {
        StringBuilder sb = new StringBuilder();
        event(sb, "message_start", """
                {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-6","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}""");
        event(sb, "content_block_start", """
                {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
        event(sb, "ping", "{\"type\": \"ping\"}");
        for (String d : deltas) {
            event(sb, "content_block_delta", """
                    {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":%s}}""".formatted(quote(d)));
        }
        event(sb, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        event(sb, "message_delta", """
                {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":%d}}""".formatted(deltas.size() * 3));
        event(sb, "message_stop", "{\"type\":\"message_stop\"}");
        return sb.toString();
    }

    // --- OpenAI-compatible ---------------------------------------------------------------------------

    public static void openai(WireMockServer wm, String marker, String text) {
        wm.stubFor(lastMessage(OPENAI, marker).atPriority(5).willReturn(openaiAnswer(text)));
    }

    public static ResponseDefinitionBuilder openaiAnswer(String text) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader(
                        "x-request-id",
                        "req_oai_" + UUID.randomUUID().toString().substring(0, 8))
                .withBody("""
                        {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,
                         "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":%s,
                         "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29},
                         "service_tier":"default","system_fingerprint":"fp_06737a9306"}""".formatted(quote(text)));
    }

    public static void openaiStream(WireMockServer wm, String marker, List<String> deltas) {
        wm.stubFor(lastMessage(OPENAI, marker)
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(openaiStreamAnswer(deltas)));
    }

    public static ResponseDefinitionBuilder openaiStreamAnswer(List<String> deltas) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withHeader("x-request-id", "req_oai_stream")
                .withBody(openaiChunks(deltas));
    }

    public static String openaiChunks(List<String> deltas) {
        String head = "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",";
        StringBuilder sb = new StringBuilder();
        data(
                sb,
                head
                        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
        for (String d : deltas) {
            data(
                    sb,
                    head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(d)
                            + "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
        }
        data(
                sb,
                head
                        + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}");
        data(
                sb,
                head + "\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":" + deltas.size()
                        + ",\"total_tokens\":" + (19 + deltas.size()) + "}}");
        data(sb, "[DONE]");
        return sb.toString();
    }

    private static void event(StringBuilder sb, String name, String json) {
        sb.append("event: ")
                .append(name)
                .append('\n')
                .append("data: ")
                .append(json.strip())
                .append("\n\n");
    }

    private static void data(StringBuilder sb, String json) {
        sb.append("data: ").append(json).append("\n\n");
    }

    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
