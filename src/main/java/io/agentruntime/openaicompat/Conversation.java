package io.agentruntime.openaicompat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.common.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chat completion's messages, or a response's input, read as this service's conversation: the last message is the turn to
 * run (it must be the user's); the user and assistant turns before it are the history; system and
 * developer messages are the caller's instructions, which go in front of the turn (the agent's own
 * system prompt stays the system prompt).
 */
record Conversation(List<Turn> history, String instructions, String input) {

    record Turn(String role, String text) {}

    private static final java.util.Set<String> TEXT_PARTS = java.util.Set.of("text", "input_text", "output_text");

    static Conversation of(List<OpenAiWire.InMessage> messages) {
        return of(messages, "messages");
    }

    /**
     * A response's {@code input}: a string (one user message) or a list of messages (items of other
     * types, such as tool outputs, are not supported); {@code instructions} go in front of the messages'
     * own system and developer ones.
     */
    static Conversation ofInput(JsonNode input, String instructions) {
        List<OpenAiWire.InMessage> messages = new ArrayList<>();
        if (input != null && input.isTextual()) {
            messages.add(new OpenAiWire.InMessage("user", input));
        } else if (input != null && input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                String type = item.path("type").asText("message");
                if (!item.isObject() || !"message".equals(type)) {
                    throw ProblemException.badField(
                            "input[" + i + "]", "only messages are supported (no tool calls or their outputs)");
                }
                messages.add(new OpenAiWire.InMessage(item.path("role").asText(null), item.get("content")));
            }
        } else {
            throw ProblemException.badField("input", "must be a string or a list of messages");
        }
        Conversation c = of(messages, "input");
        if (instructions == null || instructions.isBlank()) {
            return c;
        }
        String all = c.instructions().isBlank() ? instructions : instructions + "\n\n" + c.instructions();
        return new Conversation(c.history(), all, c.input());
    }

    private static Conversation of(List<OpenAiWire.InMessage> messages, String field) {
        if (messages == null || messages.isEmpty()) {
            throw ProblemException.badField(field, "must hold at least one message");
        }
        List<Turn> turns = new ArrayList<>();
        StringBuilder instructions = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            OpenAiWire.InMessage m = messages.get(i);
            String role = m == null || m.role() == null ? "" : m.role().toLowerCase(Locale.ROOT);
            String text = text(m == null ? null : m.content(), field + "[" + i + "].content");
            switch (role) {
                case "system", "developer" ->
                    instructions.append(instructions.isEmpty() ? "" : "\n\n").append(text);
                case "user", "assistant" -> turns.add(new Turn(role, text));
                default ->
                    throw ProblemException.badField(
                            field + "[" + i + "].role",
                            "must be system, developer, user or assistant (tool calls are not supported)");
            }
        }
        if (turns.isEmpty() || !turns.getLast().role().equals("user")) {
            throw ProblemException.badField(field, "the last user or assistant message must be the user's");
        }
        Turn last = turns.removeLast();
        if (last.text().isBlank()) {
            throw ProblemException.badField(field, "the last user message must not be empty");
        }
        return new Conversation(List.copyOf(turns), instructions.toString(), last.text());
    }

    /** The turn to run, with the caller's instructions in front of it. */
    String taskInput() {
        return instructions.isBlank() ? input : "Instructions:\n" + instructions + "\n\nRequest:\n" + input;
    }

    private static String text(JsonNode content, String field) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                // text in Chat Completions; input_text and output_text (an earlier answer) in Responses
                if (!TEXT_PARTS.contains(part.path("type").asText())) {
                    throw ProblemException.badField(field, "only text parts are supported");
                }
                sb.append(part.path("text").asText());
            }
            return sb.toString();
        }
        throw ProblemException.badField(field, "must be a string or a list of text parts");
    }
}
