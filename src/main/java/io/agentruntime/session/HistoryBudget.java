package io.agentruntime.session;

/** How much of a conversation to send back to a model: at most this many messages and characters. */
public record HistoryBudget(int maxMessages, int maxChars) {}
