package io.agentruntime.lookup.rank;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Term ids while an index is built. Kept by token as well as by term, since the same words recur in
 * every agent and stemming each occurrence again would cost most of the build.
 */
final class TermDictionary {

    private final Analyzer analyzer;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<String, Integer> tokenIds = new HashMap<>();
    private final IntBuffer buffer = new IntBuffer();

    TermDictionary(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** The term ids of {@code text}, in order, repeats kept; new terms get the next id. */
    int[] idsOf(String text) {
        buffer.size = 0;
        analyzer.forEachToken(
                text,
                token -> buffer.add(tokenIds.computeIfAbsent(
                        token, t -> ids.computeIfAbsent(analyzer.stem(t), term -> ids.size()))));
        return buffer.toArray();
    }

    int size() {
        return ids.size();
    }

    /** Term to id, for looking up query terms. */
    Map<String, Integer> termIds() {
        return Map.copyOf(ids);
    }

    /** A growable int array. */
    static final class IntBuffer {
        private int[] values = new int[64];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void addAll(int[] vs) {
            if (size + vs.length > values.length) {
                values = Arrays.copyOf(values, Math.max(size * 2, size + vs.length));
            }
            System.arraycopy(vs, 0, values, size, vs.length);
            size += vs.length;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
