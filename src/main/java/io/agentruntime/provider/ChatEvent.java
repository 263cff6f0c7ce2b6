package io.agentruntime.provider;

/** An item of a streamed answer: text deltas, then exactly one {@link Done} (or a failure). */
public sealed interface ChatEvent permits ChatEvent.Delta, ChatEvent.Done {

    record Delta(String text) implements ChatEvent {}

    record Done(ChatResult result) implements ChatEvent {}
}
