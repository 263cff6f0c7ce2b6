package io.agentruntime.task.api;

/**
 * Reads a task body under the API's one strict rule (see {@link io.agentruntime.common.json.StrictJson}):
 * a misspelt option ("temprature") is a 400 naming it instead of being ignored.
 */
public class StrictJson extends io.agentruntime.common.json.StrictJson {}
