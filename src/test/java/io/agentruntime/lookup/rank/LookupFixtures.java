package io.agentruntime.lookup.rank;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.AgentExample;
import io.agentruntime.agent.AgentSource;
import java.util.List;
import java.util.Map;

/** Five small agents with clearly different jobs. */
public final class LookupFixtures {

    private LookupFixtures() {}

    public static AgentDefinition agent(String name, String description, String body, AgentExample... examples) {
        return new AgentDefinition(
                name,
                description,
                List.of(examples),
                "inherit",
                List.of(),
                null,
                Map.of(),
                body,
                new AgentSource("test", name + ".md", null));
    }

    static List<AgentDefinition> agents() {
        return List.of(
                agent(
                        "api-designer",
                        "Designs REST and GraphQL APIs: resources, versioning, OpenAPI specifications.",
                        """
                        You are an API designer.

                        Checklist:
                        - Resource-oriented endpoints with proper HTTP methods
                        - Pagination, rate limiting and idempotency keys
                        - Versioning strategy and deprecation policy
                        """,
                        new AgentExample(
                                null, "We need a contract for our new orders service before coding", null, null)),
                agent(
                        "kubernetes-specialist",
                        "Runs container workloads on Kubernetes clusters: deployments, Helm charts, autoscaling.",
                        """
                        You operate Kubernetes in production.

                        Focus areas:
                        - Pod scheduling, resource requests and limits
                        - Horizontal pod autoscaling and cluster upgrades
                        - Helm chart packaging and rollout strategies
                        """),
                agent(
                        "postgres-pro",
                        "Tunes PostgreSQL databases: slow queries, indexes, vacuum, replication.",
                        """
                        You are a PostgreSQL expert.

                        - Read EXPLAIN ANALYZE plans and add the right indexes
                        - Tune autovacuum and connection pooling
                        - Set up streaming replication and failover
                        """,
                        new AgentExample(null, "Our nightly report query takes forty minutes", null, null)),
                agent(
                        "technical-writer",
                        "Writes clear user guides, tutorials and release notes for software products.",
                        """
                        You write documentation people enjoy reading.

                        - Plan the information architecture of a documentation site
                        - Write step-by-step tutorials and how-to guides
                        - Keep release notes short and accurate
                        """,
                        new AgentExample(null, "Customers cannot figure out how to install the product", null, null)),
                agent(
                        "penetration-tester",
                        "Finds security vulnerabilities by attacking applications the way an adversary would.",
                        """
                        You perform authorised penetration tests.

                        - Test for SQL injection, cross-site scripting and broken authentication
                        - Exploit misconfigurations and escalate privileges
                        - Report each finding with its severity and a fix
                        """));
    }
}
