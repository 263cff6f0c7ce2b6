package io.agentruntime.provider.client;

/**
 * One event of a server-sent event stream.
 *
 * @param name the {@code event:} field, or null when the event named none
 * @param data the {@code data:} lines, joined with {@code \n}
 * @param id   the last {@code id:} the stream gave, or null
 */
public record ServerSentEvent(String name, String data, String id) {}
