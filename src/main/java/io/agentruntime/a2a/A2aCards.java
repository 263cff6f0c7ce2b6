package io.agentruntime.a2a;

import io.agentruntime.agent.AgentCatalog;
import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentExample;
import io.agentruntime.auth.AuthMode;
import io.agentruntime.auth.AuthSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The agent cards: one per agent (its description and examples as its one skill) and the service's own,
 * whose skills name every agent and whose endpoint lets the lookup choose. Both bindings are offered at
 * one URL (JSON-RPC is a POST to it, HTTP+JSON the paths under it), A2A 1.0 only. With authentication on,
 * the cards declare the bearer scheme /v1 takes.
 */
@ApplicationScoped
class A2aCards {

    static final String PROTOCOL_VERSION = "1.0";
    static final String JSONRPC = "JSONRPC";
    static final String HTTP_JSON = "HTTP+JSON";
    static final String BEARER = "bearer";
    private static final String ORGANIZATION = "Agent Runtime";
    private static final List<String> TEXT = List.of("text/plain");

    private final AgentCatalog agents;
    private final AuthSettings auth;
    private final String version;

    A2aCards(
            AgentCatalog agents,
            AuthSettings auth,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "1.0") String version) {
        this.agents = agents;
        this.auth = auth;
        this.version = version;
    }

    /** One agent's card; the base is the service's URL as the caller reached it. */
    A2aWire.AgentCard agent(AgentDefinition agent, URI base) {
        return card(
                agent.name(),
                agent.description() == null ? agent.name() : agent.description(),
                base,
                agent.name(),
                List.of(skill(agent)));
    }

    /** The service's card: its skills are the agents; a message to it goes to the agent the lookup picks. */
    A2aWire.AgentCard service(URI base) {
        List<AgentDefinition> all = agents.snapshot().agents();
        String names = String.join(", ", all.stream().map(AgentDefinition::name).toList());
        return card(
                ORGANIZATION,
                "Runs file-defined agents. A message sent here goes to the agent that fits it best (the lookup "
                        + "chooses); each agent also has its own card at /a2a/{agent}/.well-known/agent-card.json. "
                        + "Agents: " + names,
                base,
                A2aOperations.AUTO,
                all.stream().map(A2aCards::skill).toList());
    }

    private A2aWire.AgentCard card(
            String name, String description, URI base, String route, List<A2aWire.AgentSkill> skills) {
        String url = base.resolve("a2a/" + route).toString();
        boolean secured = !auth.allows(AuthMode.NONE);
        return new A2aWire.AgentCard(
                name,
                description,
                List.of(
                        new A2aWire.AgentInterface(url, JSONRPC, PROTOCOL_VERSION),
                        new A2aWire.AgentInterface(url, HTTP_JSON, PROTOCOL_VERSION)),
                new A2aWire.AgentProvider(base.toString(), ORGANIZATION),
                version,
                null,
                new A2aWire.AgentCapabilities(true, false, false),
                secured ? Map.of(BEARER, scheme()) : null,
                secured
                        ? List.of(new A2aWire.SecurityRequirement(Map.of(BEARER, new A2aWire.StringList(List.of()))))
                        : null,
                TEXT,
                TEXT,
                skills);
    }

    private A2aWire.SecurityScheme scheme() {
        boolean keys = auth.allows(AuthMode.API_KEY);
        boolean jwts = auth.allows(AuthMode.OIDC);
        String format = keys && jwts ? "ark_ API key or JWT" : keys ? "ark_ API key" : "JWT";
        return new A2aWire.SecurityScheme(new A2aWire.HttpAuthSecurityScheme(
                "The credentials of /v1: Authorization: Bearer <" + format + ">", "Bearer", format));
    }

    /** The agent as a skill: its description, its examples' user turns, its tools as tags. */
    private static A2aWire.AgentSkill skill(AgentDefinition agent) {
        List<String> tags = new ArrayList<>();
        tags.add("agent");
        if (agent.tools() != null) {
            agent.tools().stream().filter(Objects::nonNull).forEach(tags::add);
        }
        List<String> examples = agent.examples() == null
                ? List.of()
                : agent.examples().stream()
                        .map(AgentExample::user)
                        .filter(u -> u != null && !u.isBlank())
                        .toList();
        return new A2aWire.AgentSkill(
                agent.name(),
                agent.name(),
                agent.description() == null ? agent.name() : agent.description(),
                tags,
                examples);
    }
}
