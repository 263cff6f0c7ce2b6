package io.agentruntime.agent;

import java.util.List;

/** The problems of one load with their severity, and the snapshot that load made. */
public record CatalogProblems(CatalogSnapshot snapshot, List<AgentProblem> problems) {}
