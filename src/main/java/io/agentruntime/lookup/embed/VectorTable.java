package io.agentruntime.lookup.embed;

import java.util.Arrays;
import java.util.List;

/**
 * Unit vectors grouped by agent, stored in one flat array: agent {@code a}'s vectors are rows
 * {@code start[a]} to {@code start[a + 1] - 1}. Scores an agent by the mean of its {@code topK} best
 * cosine similarities to the query (the maximum when {@code topK} is 1).
 */
public final class VectorTable {

    private final int dim;
    private final float[] data;
    private final int[] start;

    private VectorTable(int dim, float[] data, int[] start) {
        this.dim = dim;
        this.data = data;
        this.start = start;
    }

    public static VectorTable of(List<float[][]> perAgent, int dim) {
        int[] start = new int[perAgent.size() + 1];
        int rows = 0;
        for (int a = 0; a < perAgent.size(); a++) {
            start[a] = rows;
            rows += perAgent.get(a) == null ? 0 : perAgent.get(a).length;
        }
        start[perAgent.size()] = rows;
        float[] data = new float[rows * dim];
        for (int a = 0; a < perAgent.size(); a++) {
            float[][] vectors = perAgent.get(a);
            if (vectors == null) {
                continue;
            }
            for (int r = 0; r < vectors.length; r++) {
                System.arraycopy(vectors[r], 0, data, (start[a] + r) * dim, dim);
            }
        }
        return new VectorTable(dim, data, start);
    }

    boolean isEmpty() {
        return data.length == 0;
    }

    public boolean hasRows(int agent) {
        return start[agent + 1] > start[agent];
    }

    /**
     * Writes each agent's score into {@code out}; agents without vectors get {@code Double.NaN}.
     *
     * @param best scratch space of at least {@code topK} doubles
     */
    public void score(float[] query, int topK, double[] out, double[] best) {
        int agents = start.length - 1;
        for (int a = 0; a < agents; a++) {
            int from = start[a];
            int to = start[a + 1];
            if (from == to) {
                out[a] = Double.NaN;
                continue;
            }
            if (topK == 1) {
                double max = Double.NEGATIVE_INFINITY;
                for (int r = from; r < to; r++) {
                    max = Math.max(max, dot(query, r * dim));
                }
                out[a] = max;
                continue;
            }
            int k = Math.min(topK, to - from);
            Arrays.fill(best, 0, k, Double.NEGATIVE_INFINITY);
            for (int r = from; r < to; r++) {
                double s = dot(query, r * dim);
                // Keep the k best in descending order; k is tiny.
                if (s > best[k - 1]) {
                    int i = k - 1;
                    while (i > 0 && best[i - 1] < s) {
                        best[i] = best[i - 1];
                        i--;
                    }
                    best[i] = s;
                }
            }
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += best[i];
            }
            out[a] = sum / k;
        }
    }

    /** The row of agent {@code agent} most similar to the query, as an index into that agent's list. */
    public int bestRow(float[] query, int agent) {
        int bestRow = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (int r = start[agent]; r < start[agent + 1]; r++) {
            double s = dot(query, r * dim);
            if (s > best) {
                best = s;
                bestRow = r - start[agent];
            }
        }
        return bestRow;
    }

    private double dot(float[] q, int offset) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < dim; i += 4) {
            s0 += q[i] * data[offset + i];
            s1 += q[i + 1] * data[offset + i + 1];
            s2 += q[i + 2] * data[offset + i + 2];
            s3 += q[i + 3] * data[offset + i + 3];
        }
        for (; i < dim; i++) {
            s0 += q[i] * data[offset + i];
        }
        return s0 + s1 + s2 + s3;
    }
}
