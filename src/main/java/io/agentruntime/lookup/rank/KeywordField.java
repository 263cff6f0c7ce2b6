package io.agentruntime.lookup.rank;

import java.util.Arrays;
import java.util.List;

/**
 * Okapi BM25 over one field of every agent, with each posting's score worked out at build time so that
 * a query only adds floats: {@code score(d) = sum over query terms t of idf(t) * tf(t,d) * (k1 + 1) /
 * (tf(t,d) + k1 * (1 - b + b * len(d) / avgLen))}.
 */
final class KeywordField {

    static final float K1 = 1.2f;
    static final float B = 0.75f;

    /** Per term id: the agents whose field has the term, ascending. */
    private final int[][] docs;
    /** Per term id: the precomputed BM25 contribution, parallel to {@link #docs}. */
    private final float[][] weights;

    private KeywordField(int[][] docs, float[][] weights) {
        this.docs = docs;
        this.weights = weights;
    }

    /**
     * @param fieldTerms per agent, the term ids of this field in order (repeats kept)
     * @param termCount  the size of the shared term dictionary
     */
    static KeywordField build(List<int[]> fieldTerms, int termCount) {
        int n = fieldTerms.size();
        int[] df = new int[termCount];
        long totalLen = 0;
        int[][] sortedTerms = new int[n][];
        for (int d = 0; d < n; d++) {
            int[] terms = fieldTerms.get(d).clone();
            Arrays.sort(terms);
            sortedTerms[d] = terms;
            totalLen += terms.length;
            for (int i = 0; i < terms.length; i++) {
                if (i == 0 || terms[i] != terms[i - 1]) {
                    df[terms[i]]++;
                }
            }
        }
        float avgLen = n == 0 ? 1f : Math.max(1f, (float) totalLen / n);
        int[][] docs = new int[termCount][];
        float[][] weights = new float[termCount][];
        int[] fill = new int[termCount];
        for (int t = 0; t < termCount; t++) {
            docs[t] = new int[df[t]];
            weights[t] = new float[df[t]];
        }
        for (int d = 0; d < n; d++) {
            int[] terms = sortedTerms[d];
            float norm = K1 * (1 - B + B * terms.length / avgLen);
            int i = 0;
            while (i < terms.length) {
                int t = terms[i];
                int j = i;
                while (j < terms.length && terms[j] == t) {
                    j++;
                }
                int tf = j - i;
                docs[t][fill[t]] = d;
                weights[t][fill[t]] = (float) (idf(df[t], n) * tf * (K1 + 1) / (tf + norm));
                fill[t]++;
                i = j;
            }
        }
        return new KeywordField(docs, weights);
    }

    /** BM25's idf, kept positive for terms in more than half the agents (the "+1" variant). */
    static double idf(int df, int n) {
        return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }

    /** Adds {@code factor} times this field's score for the distinct {@code queryTerms} to {@code out}. */
    void addScores(int[] queryTerms, double factor, double[] out) {
        for (int t : queryTerms) {
            if (t < 0) {
                continue;
            }
            int[] d = docs[t];
            float[] w = weights[t];
            for (int i = 0; i < d.length; i++) {
                out[d[i]] += factor * w[i];
            }
        }
    }

    /** Whether agent {@code doc} has term {@code term} in this field. */
    boolean contains(int term, int doc) {
        return term >= 0 && Arrays.binarySearch(docs[term], doc) >= 0;
    }
}
