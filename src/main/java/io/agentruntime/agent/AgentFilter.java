package io.agentruntime.agent;

import java.util.Locale;

/**
 * Which agents a list shows; a null or blank part matches every agent.
 *
 * @param text  case-insensitive text to find in the name or description
 * @param tool  a tool the agent has (case-insensitive)
 * @param model the agent's model (case-insensitive)
 */
public record AgentFilter(String text, String tool, String model) {

    public static final AgentFilter ALL = new AgentFilter(null, null, null);

    public boolean matches(AgentDefinition agent) {
        if (present(text)) {
            String needle = text.strip().toLowerCase(Locale.ROOT);
            if (!(agent.name() + "\n" + agent.description())
                    .toLowerCase(Locale.ROOT)
                    .contains(needle)) {
                return false;
            }
        }
        if (present(tool) && agent.tools().stream().noneMatch(t -> t.equalsIgnoreCase(tool.strip()))) {
            return false;
        }
        return !present(model) || agent.model().equalsIgnoreCase(model.strip());
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
