package io.agentruntime.provider;

/** One turn of a conversation sent to a provider. */
public record ChatMessage(Role role, String content) {

    public enum Role {
        USER,
        ASSISTANT
    }
}
