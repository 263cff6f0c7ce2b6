package io.agentruntime.lookup;

import java.util.List;

/**
 * What a lookup concludes about its ranking, for a caller to act on.
 *
 * @param kind   {@link #CONFIDENT} (the first agent fits), {@link #AMBIGUOUS} (the first two are too close
 *               to tell apart) or {@link #NO_MATCH} (no agent covers the request)
 * @param agents the agents the verdict is about: the first; the first two; or the closest ones
 * @param reason the verdict in words, naming the agents
 */
public record Verdict(String kind, List<String> agents, String reason) {

    public static final String CONFIDENT = "confident";
    public static final String AMBIGUOUS = "ambiguous";
    public static final String NO_MATCH = "noMatch";

    public Verdict {
        agents = List.copyOf(agents);
    }

    public static Verdict noMatch(List<String> closest) {
        return new Verdict(
                NO_MATCH,
                closest,
                closest.isEmpty()
                        ? "No agent matches the request"
                        : "No agent covers the request; the closest are " + String.join(", ", closest));
    }

    public boolean isNoMatch() {
        return NO_MATCH.equals(kind);
    }
}
