package io.agentruntime.agent;

/** CDI event fired (synchronously, after the swap) each time a new catalog snapshot is in place. */
public record CatalogChanged(CatalogSnapshot snapshot) {}
