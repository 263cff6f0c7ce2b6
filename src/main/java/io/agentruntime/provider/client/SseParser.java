package io.agentruntime.provider.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads server-sent events (the WHATWG event-stream format) from a response body that arrives in chunks
 * of any size: events split across chunks, several in one chunk, CRLF, LF or CR line ends, a CRLF split
 * between chunks, and a UTF-8 character split between chunks (lines are cut at the byte level, where CR
 * and LF never occur inside a multi-byte character, and decoded whole).
 *
 * <p>One deliberate departure from the standard: an event whose stream ends without the closing blank
 * line is still dispatched by {@link #finish()}, because some OpenAI-compatible servers end their last
 * event ({@code data: [DONE]}) that way. Not thread-safe: one parser per response, fed in order.
 */
final class SseParser {

    /** A longer line means a broken or hostile server, not a model answer: the stream fails rather than grow. */
    static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private byte[] line = new byte[256];
    private int lineLength;
    /** The last chunk ended in CR: an LF opening the next one belongs to the same line end. */
    private boolean afterCr;

    private boolean firstLine = true;

    private String name;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String lastId;

    /** The events this chunk completes, in order. */
    List<ServerSentEvent> feed(byte[] chunk) {
        List<ServerSentEvent> events = new ArrayList<>(2);
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            byte b = chunk[i];
            if (afterCr) {
                afterCr = false;
                if (b == LF) {
                    // The LF of a CRLF, whether or not a chunk ended between the two.
                    start = i + 1;
                    continue;
                }
            }
            if (b != CR && b != LF) {
                continue;
            }
            append(chunk, start, i);
            line(events);
            afterCr = b == CR;
            start = i + 1;
        }
        append(chunk, start, chunk.length);
        return events;
    }

    /** At the end of the body: a last line without its line end, and a last event without its blank line. */
    List<ServerSentEvent> finish() {
        List<ServerSentEvent> events = new ArrayList<>(1);
        if (lineLength > 0) {
            line(events);
        }
        dispatch(events);
        return events;
    }

    private void append(byte[] chunk, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        if (lineLength + n > MAX_LINE_BYTES) {
            throw new IllegalStateException("event stream line longer than " + MAX_LINE_BYTES + " bytes");
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(chunk, from, line, lineLength, n);
        lineLength += n;
    }

    private void line(List<ServerSentEvent> events) {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (line.length > 64 * 1024) {
            // One long line should not keep its buffer for the rest of the stream.
            line = new byte[256];
        }
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch(events);
            return;
        }
        if (text.charAt(0) == ':') {
            return; // a comment: servers send them to keep the connection alive
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastId = value;
                }
            }
            default -> {
                // retry and unknown fields: ignored, as the standard says
            }
        }
    }

    /** A blank line ends an event; one without data is dropped, as the standard says. */
    private void dispatch(List<ServerSentEvent> events) {
        if (hasData) {
            events.add(new ServerSentEvent(name == null || name.isEmpty() ? null : name, data.toString(), lastId));
        }
        name = null;
        data.setLength(0);
        hasData = false;
    }
}
