package io.agentruntime.lookup.rank;

import io.agentruntime.lookup.Verdict;
import java.util.List;

/**
 * Turns a ranking into calibrated confidences and a verdict. The coefficients are logistic regressions
 * fitted by {@code bench/lookup.sh} ({@code LookupBenchmark}) on the shared routing corpus (in-domain:
 * the expected agent is the right one) and on {@code out-of-domain.txt} (requests no agent covers), one
 * set for hybrid rankings and one for keyword-only rankings, whose evidence differs.
 */
final class Confidence {

    /**
     * What the calibration looks at for one ranked agent.
     *
     * @param coverage   the idf-weighted share of the query's words in the agent's texts, 0 to 1
     * @param similarity the best cosine similarity of the query to one of the agent's texts; NaN when
     *                   keyword-only
     * @param behind     how far the agent's combined score is behind the first one's (0 for the first)
     * @param hybrid     whether the embedding signals took part
     */
    record Evidence(double coverage, double similarity, double behind, boolean hybrid) {}

    /**
     * Per-hit model, hybrid: intercept, similarity, coverage, behind. Fitted on the corpus agents' top-5
     * (label: the expected agent) and the out-of-domain requests' top-5 (all wrong); in bins of 0.2 the
     * fitted confidence is within 0.06 of the observed share right.
     */
    static final double[] HIT_HYBRID = {-3.646, 6.481, 1.158, -0.952};
    /** Per-hit model, keyword-only: intercept, coverage, behind. */
    static final double[] HIT_KEYWORD = {-1.438, 2.911, -1.393};
    /**
     * Query model (is the request in some agent's field at all), hybrid, on the first agent: intercept,
     * similarity, coverage. Fitted on in-domain (1) and out-of-domain (0) requests.
     */
    static final double[] IN_DOMAIN_HYBRID = {-11.068, 34.618, 2.461};
    /** Query model, keyword-only: intercept, coverage. */
    static final double[] IN_DOMAIN_KEYWORD = {-1.075, 7.346};
    /**
     * Below these query-model probabilities the verdict is noMatch: the highest thresholds that keep the
     * in-domain cases wrongly judged noMatch under 4 % (target 5 %). Hybrid then refuses nearly all the
     * out-of-domain requests; keyword-only, without the meaning of words, about half.
     */
    static final double NO_MATCH_BELOW_HYBRID = 0.87;

    static final double NO_MATCH_BELOW_KEYWORD = 0.5;
    /**
     * The first two are ambiguous when the second's confidence is at least this share of the first's. At
     * 0.6, confident first picks are right about 82 % of the time on the corpus, ambiguous ones 45 %
     * (and one of the two is right two times in three).
     */
    static final double AMBIGUOUS_RATIO = 0.6;

    private Confidence() {}

    /** The probability that each ranked agent is the one the request needs. */
    static double[] of(List<Evidence> ranked) {
        double[] out = new double[ranked.size()];
        for (int i = 0; i < out.length; i++) {
            Evidence e = ranked.get(i);
            out[i] = e.hybrid() && !Double.isNaN(e.similarity())
                    ? logistic(HIT_HYBRID, e.similarity(), e.coverage(), e.behind())
                    : logistic(HIT_KEYWORD, e.coverage(), e.behind());
        }
        return out;
    }

    /** Whether the request is in the field of no agent, from the first agent's evidence. */
    static boolean noMatch(Evidence first) {
        return first.hybrid() && !Double.isNaN(first.similarity())
                ? logistic(IN_DOMAIN_HYBRID, first.similarity(), first.coverage()) < NO_MATCH_BELOW_HYBRID
                : logistic(IN_DOMAIN_KEYWORD, first.coverage()) < NO_MATCH_BELOW_KEYWORD;
    }

    /**
     * @param ranked     the evidence of the ranked agents, best first
     * @param confidence their confidences
     * @param names      their names
     */
    static Verdict verdict(List<Evidence> ranked, double[] confidence, List<String> names) {
        if (ranked.isEmpty() || noMatch(ranked.get(0))) {
            return Verdict.noMatch(names.subList(0, Math.min(3, names.size())));
        }
        if (names.size() > 1 && confidence[1] >= AMBIGUOUS_RATIO * confidence[0]) {
            return new Verdict(
                    Verdict.AMBIGUOUS,
                    names.subList(0, 2),
                    "'" + names.get(0) + "' and '" + names.get(1) + "' fit the request about equally well");
        }
        return new Verdict(
                Verdict.CONFIDENT, names.subList(0, 1), "'" + names.get(0) + "' fits the request best by a margin");
    }

    private static double logistic(double[] beta, double... x) {
        double z = beta[0];
        for (int i = 0; i < x.length; i++) {
            z += beta[i + 1] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }
}
