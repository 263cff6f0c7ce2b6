package io.agentruntime.agent;

import java.util.List;
import java.util.Map;

/**
 * One agent as the loader made it from its file.
 *
 * @param name         the identifier (front-matter {@code name}); unique in the catalog
 * @param description  the description prose with the {@code <example>} blocks taken out
 * @param examples     the {@code <example>} blocks, parsed
 * @param model        {@code inherit}, {@code sonnet}, {@code opus}, {@code haiku} or a model id; never null ("inherit" when absent)
 * @param tools        tool names; empty when the file names none
 * @param color        display colour, or null
 * @param extra        every other front-matter key, as read
 * @param systemPrompt the Markdown body
 * @param source       where it came from
 */
public record AgentDefinition(
        String name,
        String description,
        List<AgentExample> examples,
        String model,
        List<String> tools,
        String color,
        Map<String, Object> extra,
        String systemPrompt,
        AgentSource source) {}
