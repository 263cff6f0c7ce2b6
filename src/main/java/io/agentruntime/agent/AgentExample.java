package io.agentruntime.agent;

/** One {@code <example>} block of a description; any part may be null. */
public record AgentExample(String context, String user, String assistant, String commentary) {}
