package io.agentruntime.openaicompat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.common.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chat completion's messages read as this service's conversation: the last message is the turn to
 * run (it must be the user's); the user and assistant turns before it are the history; system and
 * developer messages are the caller's instructions, which go in front of the turn (the agent's own
 * system prompt stays the system prompt).
 */
record Conversation(List<Turn> history, String instructions, String input) {

    record Turn(String role, String text) {}

    static Conversation of(List<OpenAiWire.InMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw ProblemException.badField("messages", "must hold at least one message");
        }
        List<Turn> turns = new ArrayList<>();
        StringBuilder instructions = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            OpenAiWire.InMessage m = messages.get(i);
            String role = m == null || m.role() == null ? "" : m.role().toLowerCase(Locale.ROOT);
            String text = text(m == null ? null : m.content(), "messages[" + i + "].content");
            switch (role) {
                case "system", "developer" ->
                    instructions.append(instructions.isEmpty() ? "" : "\n\n").append(text);
                case "user", "assistant" -> turns.add(new Turn(role, text));
                default ->
                    throw ProblemException.badField(
                            "messages[" + i + "].role",
                            "must be system, developer, user or assistant (tool calls are not supported)");
            }
        }
        if (turns.isEmpty() || !turns.getLast().role().equals("user")) {
            throw ProblemException.badField("messages", "the last user or assistant message must be the user's");
        }
        Turn last = turns.removeLast();
        if (last.text().isBlank()) {
            throw ProblemException.badField("messages", "the last user message must not be empty");
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
                if (!"text".equals(part.path("type").asText())) {
                    throw ProblemException.badField(field, "only text parts are supported");
                }
                sb.append(part.path("text").asText());
            }
            return sb.toString();
        }
        throw ProblemException.badField(field, "must be a string or a list of text parts");
    }
}
