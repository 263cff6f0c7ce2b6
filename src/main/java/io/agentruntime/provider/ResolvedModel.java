package io.agentruntime.provider;

/** A concrete model on a named, configured provider. */
public record ResolvedModel(String provider, String model) {}
