package io.agentruntime.provider.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    /** Anthropic's documented stream shape, with a multi-byte character and a comment. */
    private static final String ANTHROPIC = """
            event: message_start
            data: {"type":"message_start","message":{"model":"claude"}}

            : keep-alive comment

            event: content_block_delta
            data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"Grüße 👋"}}

            event: ping
            data: {"type": "ping"}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    private static final List<ServerSentEvent> ANTHROPIC_EVENTS = List.of(
            new ServerSentEvent(
                    "message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"claude\"}}", null),
            new ServerSentEvent(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Grüße 👋\"}}",
                    null),
            new ServerSentEvent("ping", "{\"type\": \"ping\"}", null),
            new ServerSentEvent("message_stop", "{\"type\":\"message_stop\"}", null));

    @Test
    void readsAWholeStreamInOneChunk() {
        assertThat(parse(bytes(ANTHROPIC))).containsExactlyElementsOf(ANTHROPIC_EVENTS);
    }

    @Test
    void everySplitIntoTwoChunksGivesTheSameEventsEvenInsideACharacterOrACrlf() {
        for (String ending : List.of("\n", "\r\n", "\r")) {
            byte[] all = bytes(ANTHROPIC.replace("\n", ending));
            for (int cut = 0; cut <= all.length; cut++) {
                assertThat(parse(Arrays.copyOfRange(all, 0, cut), Arrays.copyOfRange(all, cut, all.length)))
                        .as(
                                "line end %s, cut at byte %d",
                                ending.replace("\r", "CR").replace("\n", "LF"), cut)
                        .containsExactlyElementsOf(ANTHROPIC_EVENTS);
            }
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameEvents() {
        byte[] all = bytes(ANTHROPIC.replace("\n", "\r\n"));
        byte[][] chunks = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            chunks[i] = new byte[] {all[i]};
        }
        assertThat(parse(chunks)).containsExactlyElementsOf(ANTHROPIC_EVENTS);
    }

    @Test
    void eventsComeOutAsSoonAsTheirBlankLineArrives() {
        SseParser parser = new SseParser();
        assertThat(parser.feed(bytes("data: one\n"))).isEmpty();
        assertThat(parser.feed(bytes("\ndata: two\n\ndata: thr")))
                .extracting(ServerSentEvent::data)
                .containsExactly("one", "two");
        assertThat(parser.feed(bytes("ee\n\n")))
                .extracting(ServerSentEvent::data)
                .containsExactly("three");
        assertThat(parser.finish()).isEmpty();
    }

    @Test
    void multiLineDataIsJoinedWithNewlines() {
        assertThat(parse(bytes("data: first\ndata:second\ndata:  third\ndata\n\n")))
                .containsExactly(new ServerSentEvent(null, "first\nsecond\n third\n", null));
    }

    @Test
    void commentsRetryUnknownFieldsAndEventsWithoutDataAreSkipped() {
        assertThat(parse(bytes(": hello\nretry: 10\nfoo: bar\n\nevent: empty\n\nevent: x\ndata: y\n\n")))
                .containsExactly(new ServerSentEvent("x", "y", null));
    }

    @Test
    void theEventNameDoesNotCarryOverButTheIdDoes() {
        assertThat(parse(bytes("event: a\nid: 7\ndata: 1\n\ndata: 2\n\nid: 8\0\ndata: 3\n\n")))
                .containsExactly(
                        new ServerSentEvent("a", "1", "7"),
                        new ServerSentEvent(null, "2", "7"),
                        new ServerSentEvent(null, "3", "7"));
    }

    @Test
    void aLastEventWithoutItsBlankLineOrLineEndIsStillDispatched() {
        assertThat(parse(bytes("data: {\"x\":1}\n\ndata: [DONE]")))
                .extracting(ServerSentEvent::data)
                .containsExactly("{\"x\":1}", "[DONE]");
        assertThat(parse(bytes("data: [DONE]\n")))
                .extracting(ServerSentEvent::data)
                .containsExactly("[DONE]");
    }

    @Test
    void aByteOrderMarkAtTheStartIsDropped() {
        assertThat(parse(bytes("\uFEFFevent: e\ndata: d\n\n"))).containsExactly(new ServerSentEvent("e", "d", null));
    }

    @Test
    void anEndlessLineFailsInsteadOfGrowingWithoutBound() {
        SseParser parser = new SseParser();
        byte[] chunk = new byte[1024 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 9; i++) {
                        parser.feed(chunk);
                    }
                })
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("longer than");
    }

    private static List<ServerSentEvent> parse(byte[]... chunks) {
        SseParser parser = new SseParser();
        List<ServerSentEvent> events = new ArrayList<>();
        for (byte[] chunk : chunks) {
            events.addAll(parser.feed(chunk));
        }
        events.addAll(parser.finish());
        return events;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
