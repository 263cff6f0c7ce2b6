package io.agentruntime.session;

import java.util.Map;

/**
 * A JSON Merge Patch (RFC 7396) of a session, with "absent" (keep) told from null (clear), which the
 * wire record alone cannot tell.
 *
 * @param title         the new title; null keeps it (an empty title clears it)
 * @param clearTitle    the patch set the title to null
 * @param metadata      keys to set, or to remove when mapped to null; null keeps the metadata
 * @param clearMetadata the patch set the metadata to null: every key is removed
 */
public record SessionPatch(String title, boolean clearTitle, Map<String, Object> metadata, boolean clearMetadata) {}
