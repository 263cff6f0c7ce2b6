package io.agentruntime.session.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON Merge Patch (RFC 7396) for metadata maps: null removes a key, objects merge recursively. */
final class MergePatch {

    private MergePatch() {}

    /** A new map: {@code target} with {@code patch} applied; neither argument is changed. */
    static Map<String, Object> apply(Map<String, Object> target, Map<String, ?> patch) {
        Map<String, Object> result = target == null ? new LinkedHashMap<>() : new LinkedHashMap<>(target);
        if (patch == null) {
            return result;
        }
        patch.forEach((key, value) -> {
            if (value == null) {
                result.remove(key);
            } else if (value instanceof Map<?, ?> nested) {
                Map<String, Object> base = result.get(key) instanceof Map<?, ?> existing ? cast(existing) : null;
                result.put(key, apply(base, cast(nested)));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
