package io.agentruntime.task;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads a raw Server-Sent Events stream line by line, as a browser's EventSource would. */
final class SseClient implements AutoCloseable {

    /** One dispatched event; a comment-only block has {@code comment} set and nothing else. */
    record Event(String id, String event, String data, String comment) {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final HttpResponse<Stream<String>> response;
    private final Iterator<String> lines;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.lines = response.body().iterator();
    }

    static SseClient post(URI uri, String json, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return new SseClient(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    static SseClient get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .GET();
        headers.forEach(b::header);
        return new SseClient(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    int status() {
        return response.statusCode();
    }

    /** The next event (or comment block), or null at the end of the stream. */
    Event next() {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String comment = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data != null || comment != null || event != null || id != null) {
                    return new Event(id, event, data == null ? null : data.toString(), comment);
                }
                continue;
            }
            if (line.startsWith(":")) {
                comment = line.substring(1).strip();
            } else {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" ->
                        data = data == null
                                ? new StringBuilder(value)
                                : data.append('\n').append(value);
                    default -> {}
                }
            }
        }
        return null;
    }

    /** Events (comments skipped) until one matches, that one included. */
    List<Event> until(Predicate<Event> stop) {
        List<Event> events = new ArrayList<>();
        Event e;
        while ((e = next()) != null) {
            if (e.comment() != null && e.event() == null) {
                continue;
            }
            events.add(e);
            if (stop.test(e)) {
                break;
            }
        }
        return events;
    }

    /** Every event up to the end of the stream (comments skipped). */
    List<Event> rest() {
        return until(e -> false);
    }

    @Override
    public void close() {
        response.body().close();
    }
}
