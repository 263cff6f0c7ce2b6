package io.agentruntime.lookup.embed;

/**
 * The embeddings of one agent file, unit length: the description prose, each example's user text, and
 * each chunk of the system prompt. Any may be empty (no examples, empty body); {@code description} is
 * null when the description is blank.
 */
public record AgentVectors(float[] description, float[][] examples, float[][] body) {}
