package io.agentruntime.agent;

/**
 * Something wrong in an agent file and what the loader did about it.
 *
 * @param file   origin and path of the file
 * @param line   1-based line, or null when it concerns the whole file
 * @param message what is wrong
 * @param action what was done ("dropped", "overridden by ...", "read leniently", ...)
 */
public record LoadProblem(String file, Integer line, String message, String action) {}
