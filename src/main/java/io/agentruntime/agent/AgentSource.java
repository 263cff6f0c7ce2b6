package io.agentruntime.agent;

/**
 * Where an agent was read from.
 *
 * @param origin the folder it was loaded from ({@code classpath:agents} for the built-in ones)
 * @param path   the file's path relative to that folder
 * @param sha256 hex SHA-256 of the file's bytes (caches key on it)
 */
public record AgentSource(String origin, String path, String sha256) {}
