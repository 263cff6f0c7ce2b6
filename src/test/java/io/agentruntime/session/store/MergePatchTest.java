package io.agentruntime.session.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergePatchTest {

    @Test
    void setsRemovesAndMergesRecursively() {
        Map<String, Object> target =
                Map.of("a", 1, "b", "two", "nested", Map.of("x", 1, "y", 2), "list", List.of(1, 2));
        Map<String, Object> patch = new HashMap<>();
        patch.put("b", null);
        patch.put("c", true);
        patch.put("nested", mapOf("y", null, "z", 3));
        patch.put("list", List.of(3));

        assertThat(MergePatch.apply(target, patch))
                .isEqualTo(Map.of("a", 1, "c", true, "nested", Map.of("x", 1, "z", 3), "list", List.of(3)));
        assertThat(target).containsEntry("b", "two");
    }

    @Test
    void anObjectReplacesAScalarAndNullsVanishFromNewObjects() {
        Map<String, Object> result = MergePatch.apply(Map.of("a", "scalar"), Map.of("a", mapOf("k", null, "v", 1)));
        assertThat(result).isEqualTo(Map.of("a", Map.of("v", 1)));
        assertThat(MergePatch.apply(null, mapOf("gone", null))).isEmpty();
        assertThat(MergePatch.apply(Map.of("kept", 1), null)).isEqualTo(Map.of("kept", 1));
    }

    private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = mapOf(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static Map<String, Object> mapOf(String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, v);
        return m;
    }
}
