package io.agentruntime.lookup.rank;

/**
 * The few numbers that shape the ranking. The keyword fields are weighted inside the BM25 signal; then
 * every signal is z-normalised across the agents for the query and the z-scores are summed with these
 * weights. Chosen on the shared routing corpus only (bench/lookup.sh), with the examples hidden from
 * the index; neighbouring values score within a point of them, so they are not a knife-edge fit.
 *
 * @param name           BM25 weight of the agent's name words
 * @param description    BM25 weight of the description prose (examples taken out)
 * @param body           BM25 weight of the system prompt: the richest text, worth twice the others
 * @param bm25           weight of the keyword signal
 * @param embDescription weight of the query's cosine similarity to the description
 * @param embExamples    weight of the query's best similarity to an example's user text, z-scored among
 *                       the agents that have examples (the others count as average). The benchmark must
 *                       hide the examples, so this one is a judgement, not a measurement: examples are
 *                       written as requests, the closest text to a query, so they weigh twice the
 *                       description
 * @param embBody        weight of the query's similarity to the system prompt's chunks
 * @param bodyTopK       how many of the best body chunks are averaged (1: the best chunk only, which beat
 *                       the mean of the best 3, 5 or 10)
 */
record RankingWeights(
        double name,
        double description,
        double body,
        double bm25,
        double embDescription,
        double embExamples,
        double embBody,
        int bodyTopK) {

    static final RankingWeights DEFAULT = new RankingWeights(1.0, 1.0, 2.0, 1.0, 0.25, 0.5, 0.75, 1);
}
