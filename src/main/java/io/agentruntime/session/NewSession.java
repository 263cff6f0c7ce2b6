package io.agentruntime.session;

import java.util.Map;

/** What a new session starts with; title and metadata may be null. Its tenant and owner are the caller's. */
public record NewSession(String agent, String title, Map<String, Object> metadata) {}
