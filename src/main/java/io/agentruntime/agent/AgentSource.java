package io.agentruntime.agent;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where an agent was read from.
 *
 * @param origin the folder it was loaded from ({@code classpath:agents} for the built-in ones)
 * @param path   the file's path relative to that folder
 * @param sha256 hex SHA-256 of the file's bytes (caches key on it)
 */
@Schema(
        name = "AgentSource",
        requiredProperties = {"origin", "path", "sha256"})
public record AgentSource(String origin, String path, String sha256) {}
