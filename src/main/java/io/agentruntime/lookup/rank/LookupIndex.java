package io.agentruntime.lookup.rank;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.lookup.LookupHit;
import io.agentruntime.lookup.Verdict;
import io.agentruntime.lookup.embed.AgentText;
import io.agentruntime.lookup.embed.AgentVectors;
import io.agentruntime.lookup.embed.VectorTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An immutable search index over one list of agents: BM25 over name, description and system prompt,
 * and, when vectors are given, cosine similarity of the query to the description, the examples and the
 * system prompt's chunks. Every per-agent number is worked out at build time; a query adds floats over
 * postings and vector rows, z-normalises each signal across the agents and sums them with weights.
 */
final class LookupIndex {

    static final int MAX_PASSAGES = 3;
    /**
     * Below this cosine similarity to all of its texts an agent without a shared keyword is not a match:
     * unrelated requests ("banana bread recipe") score under 0.25 against the corpus agents, real ones
     * mostly over 0.45.
     */
    static final double MIN_SIMILARITY = 0.3;

    private final List<AgentDefinition> agents;
    private final Analyzer analyzer;
    private final RankingWeights weights;
    private final Map<String, Integer> termIds;
    /** Per term id: in how many agents it occurs in any field, for passage scoring. */
    private final int[] documentFrequency;

    private final KeywordField name;
    private final KeywordField description;
    private final KeywordField body;
    private final String[][] passages;
    private final int[][][] passageTerms;
    /** Per agent: the distinct term ids of all its fields, sorted, to tell near-duplicate agents. */
    private final int[][] agentTerms;
    /** Null when the index is keyword-only. */
    private final Vectors vectors;

    /** The vector tables, present only when every agent's vectors were at hand. */
    private record Vectors(int dim, VectorTable description, VectorTable examples, VectorTable body) {}

    private LookupIndex(
            List<AgentDefinition> agents,
            Analyzer analyzer,
            RankingWeights weights,
            Map<String, Integer> termIds,
            int[] documentFrequency,
            KeywordField name,
            KeywordField description,
            KeywordField body,
            String[][] passages,
            int[][][] passageTerms,
            int[][] agentTerms,
            Vectors vectors) {
        this.agents = agents;
        this.analyzer = analyzer;
        this.weights = weights;
        this.termIds = termIds;
        this.documentFrequency = documentFrequency;
        this.name = name;
        this.description = description;
        this.body = body;
        this.passages = passages;
        this.passageTerms = passageTerms;
        this.agentTerms = agentTerms;
        this.vectors = vectors;
    }

    /** A keyword-only index. */
    static LookupIndex build(List<AgentDefinition> agents, RankingWeights weights) {
        return build(agents, Analyzer.STANDARD, weights, null, 0);
    }

    /**
     * @param vectorsOf the vectors of an agent, or null when they are not ready: the index is then
     *                  keyword-only
     * @param dim       the vectors' dimension
     */
    static LookupIndex build(
            List<AgentDefinition> agents,
            Analyzer analyzer,
            RankingWeights weights,
            Function<AgentDefinition, AgentVectors> vectorsOf,
            int dim) {
        List<AgentDefinition> list = List.copyOf(agents);
        TermDictionary dictionary = new TermDictionary(analyzer);
        List<int[]> nameTerms = new ArrayList<>(list.size());
        List<int[]> descriptionTerms = new ArrayList<>(list.size());
        List<int[]> bodyTerms = new ArrayList<>(list.size());
        String[][] passages = new String[list.size()][];
        int[][][] passageTerms = new int[list.size()][][];
        for (int a = 0; a < list.size(); a++) {
            AgentDefinition agent = list.get(a);
            nameTerms.add(dictionary.idsOf(AgentText.nameWords(agent.name())));
            List<String> lines = AgentText.lines(agent.description(), agent.systemPrompt());
            int descriptionLines = AgentText.descriptionLines(agent.description());
            TermDictionary.IntBuffer descriptionIds = new TermDictionary.IntBuffer();
            TermDictionary.IntBuffer bodyIds = new TermDictionary.IntBuffer();
            List<String> shown = new ArrayList<>();
            List<int[]> shownTerms = new ArrayList<>();
            for (int l = 0; l < lines.size(); l++) {
                int[] ids = dictionary.idsOf(lines.get(l));
                (l < descriptionLines ? descriptionIds : bodyIds).addAll(ids);
                String passage = AgentText.passage(lines.get(l));
                if (passage != null) {
                    shown.add(passage);
                    shownTerms.add(sortedDistinct(ids));
                }
            }
            descriptionTerms.add(descriptionIds.toArray());
            bodyTerms.add(bodyIds.toArray());
            passages[a] = shown.toArray(String[]::new);
            passageTerms[a] = shownTerms.toArray(int[][]::new);
        }
        int terms = dictionary.size();
        int[] df = new int[terms];
        int[] lastAgent = new int[terms];
        Arrays.fill(lastAgent, -1);
        int[][] agentTerms = new int[list.size()][];
        for (int a = 0; a < list.size(); a++) {
            TermDictionary.IntBuffer distinct = new TermDictionary.IntBuffer();
            for (int[] field : List.of(nameTerms.get(a), descriptionTerms.get(a), bodyTerms.get(a))) {
                for (int t : field) {
                    if (lastAgent[t] != a) {
                        lastAgent[t] = a;
                        df[t]++;
                        distinct.add(t);
                    }
                }
            }
            agentTerms[a] = distinct.toArray();
            Arrays.sort(agentTerms[a]);
        }
        Vectors vectors = vectorsOf == null ? null : vectors(list, vectorsOf, dim);
        return new LookupIndex(
                list,
                analyzer,
                weights,
                dictionary.termIds(),
                df,
                KeywordField.build(nameTerms, terms),
                KeywordField.build(descriptionTerms, terms),
                KeywordField.build(bodyTerms, terms),
                passages,
                passageTerms,
                agentTerms,
                vectors);
    }

    /** Sorts {@code ids} in place and answers its distinct values. */
    private static int[] sortedDistinct(int[] ids) {
        Arrays.sort(ids);
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (i == 0 || ids[i] != ids[i - 1]) {
                ids[n++] = ids[i];
            }
        }
        return Arrays.copyOf(ids, n);
    }

    private static Vectors vectors(
            List<AgentDefinition> list, Function<AgentDefinition, AgentVectors> vectorsOf, int dim) {
        List<float[][]> description = new ArrayList<>(list.size());
        List<float[][]> examples = new ArrayList<>(list.size());
        List<float[][]> body = new ArrayList<>(list.size());
        for (AgentDefinition agent : list) {
            AgentVectors v = vectorsOf.apply(agent);
            if (v == null) {
                return null;
            }
            description.add(v.description() == null ? new float[0][] : new float[][] {v.description()});
            examples.add(v.examples());
            body.add(v.body());
        }
        return new Vectors(
                dim, VectorTable.of(description, dim), VectorTable.of(examples, dim), VectorTable.of(body, dim));
    }

    int size() {
        return agents.size();
    }

    /** Whether queries can use the embedding signals. */
    boolean hasVectors() {
        return vectors != null;
    }

    /** The raw weighted BM25 score of every agent for the query (for the benchmark's fusion study). */
    double[] keywordScores(String query) {
        Query q = analyse(query);
        double[] keyword = new double[agents.size()];
        name.addScores(q.terms, weights.name(), keyword);
        description.addScores(q.terms, weights.description(), keyword);
        body.addScores(q.terms, weights.body(), keyword);
        return keyword;
    }

    /**
     * The best {@code limit} agents for the query, best first.
     *
     * @param queryVector the query's unit embedding, or null for keyword-only ranking
     */
    List<LookupHit> search(String query, float[] queryVector, int limit) {
        return rank(query, queryVector, limit).hits();
    }

    /**
     * The best {@code limit} agents for the query, best first, each with its confidence, and the verdict.
     *
     * @param queryVector the query's unit embedding, or null for keyword-only ranking
     */
    Ranking rank(String query, float[] queryVector, int limit) {
        int n = agents.size();
        Query q = analyse(query);
        if (n == 0 || limit <= 0) {
            return new Ranking(List.of(), List.of(), Verdict.noMatch(List.of()));
        }
        double[] keyword = new double[n];
        name.addScores(q.terms, weights.name(), keyword);
        description.addScores(q.terms, weights.description(), keyword);
        body.addScores(q.terms, weights.body(), keyword);

        boolean hybrid = vectors != null && queryVector != null && queryVector.length == vectors.dim();
        // An agent that shares no term with the query, nor comes close in meaning, is no answer at all.
        boolean[] candidate = new boolean[n];
        for (int a = 0; a < n; a++) {
            candidate[a] = keyword[a] > 0;
        }
        double[][] signals;
        double[] signalWeights;
        String[] signalNames;
        // The best raw cosine of each agent's texts to the query, before the z-scores: the confidence's
        // evidence that the request is in the agent's field at all (NaN when keyword-only).
        double[] similarity = new double[n];
        Arrays.fill(similarity, Double.NaN);
        if (hybrid) {
            double[] scratch = new double[Math.max(1, weights.bodyTopK())];
            double[] desc = new double[n];
            double[] ex = new double[n];
            double[] bd = new double[n];
            vectors.description().score(queryVector, 1, desc, scratch);
            vectors.examples().score(queryVector, 1, ex, scratch);
            vectors.body().score(queryVector, weights.bodyTopK(), bd, scratch);
            for (int a = 0; a < n; a++) {
                similarity[a] = maxOf(desc[a], ex[a], bd[a]);
                candidate[a] |= similarity[a] >= MIN_SIMILARITY;
            }
            signals = new double[][] {keyword, desc, ex, bd};
            signalWeights =
                    new double[] {weights.bm25(), weights.embDescription(), weights.embExamples(), weights.embBody()};
            signalNames = SIGNALS_HYBRID;
        } else {
            signals = new double[][] {keyword};
            signalWeights = new double[] {weights.bm25()};
            signalNames = SIGNALS_KEYWORD;
        }
        double[] total = new double[n];
        for (int s = 0; s < signals.length; s++) {
            zNormalise(signals[s], signalWeights[s]);
            for (int a = 0; a < n; a++) {
                total[a] += signals[s][a];
            }
        }
        // Two at least, so the verdict can compare the first with the second whatever the limit.
        int[] top = topK(total, candidate, Math.max(limit, 2));
        List<Confidence.Evidence> evidence = new ArrayList<>(top.length);
        for (int a : top) {
            evidence.add(new Confidence.Evidence(coverage(q, a), similarity[a], total[top[0]] - total[a], hybrid));
        }
        double[] confidence = Confidence.of(evidence);
        Verdict verdict = Confidence.verdict(evidence, confidence, top.length == 0 ? List.of() : names(top));
        if (top.length > 1 && !verdict.isNoMatch()) {
            verdict = nearDuplicates(verdict, top[0], top[1]);
        }
        List<LookupHit> hits = new ArrayList<>(Math.min(limit, top.length));
        for (int i = 0; i < Math.min(limit, top.length); i++) {
            int a = top[i];
            Map<String, Double> contributions = new LinkedHashMap<>();
            for (int s = 0; s < signals.length; s++) {
                contributions.put(signalNames[s], round(signals[s][a]));
            }
            AgentDefinition agent = agents.get(a);
            hits.add(new LookupHit(
                    agent.name(),
                    agent.description(),
                    round(total[a]),
                    round(confidence[i]),
                    matchedTerms(q, a),
                    passages(q, a, hybrid ? queryVector : null),
                    contributions));
        }
        return new Ranking(hits, evidence, verdict);
    }

    /**
     * The hits of one query, the evidence their confidences were worked out from (for every agent ranked,
     * which may be one more than the hits) and the verdict.
     */
    record Ranking(List<LookupHit> hits, List<Confidence.Evidence> evidence, Verdict verdict) {}

    /**
     * How alike two agents' vocabularies are: the idf-weighted share of the terms of either that both
     * have (weighted Jaccard), 0 to 1. Rare shared terms weigh most, so two agents for the same niche
     * score high even when their prose differs.
     */
    double likeness(int a, int b) {
        int n = agents.size();
        int[] x = agentTerms[a];
        int[] y = agentTerms[b];
        double both = 0;
        double either = 0;
        int i = 0;
        int j = 0;
        while (i < x.length || j < y.length) {
            int t;
            boolean shared = false;
            if (j == y.length || (i < x.length && x[i] < y[j])) {
                t = x[i++];
            } else if (i == x.length || y[j] < x[i]) {
                t = y[j++];
            } else {
                t = x[i++];
                j++;
                shared = true;
            }
            double idf = KeywordField.idf(documentFrequency[t], n);
            either += idf;
            both += shared ? idf : 0;
        }
        return either == 0 ? 0 : both / either;
    }

    /** Above this {@link #likeness} two agents are near-duplicates an operator may want to merge. */
    static final double NEAR_DUPLICATE = 0.5;

    /** The verdict, its reason naming the first two as near-duplicates when they are. */
    private Verdict nearDuplicates(Verdict verdict, int first, int second) {
        double likeness = likeness(first, second);
        if (likeness < NEAR_DUPLICATE) {
            return verdict;
        }
        return new Verdict(
                verdict.kind(),
                verdict.agents(),
                verdict.reason()
                        + String.format(
                                java.util.Locale.ROOT,
                                "; '%s' and '%s' are near-duplicates (%.0f%% of their vocabulary, weighted by rarity, is "
                                        + "shared): consider merging them",
                                agents.get(first).name(),
                                agents.get(second).name(),
                                100 * likeness));
    }

    private List<String> names(int[] top) {
        List<String> out = new ArrayList<>(top.length);
        for (int a : top) {
            out.add(agents.get(a).name());
        }
        return out;
    }

    private static double maxOf(double... values) {
        double max = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && (Double.isNaN(max) || v > max)) {
                max = v;
            }
        }
        return max;
    }

    /**
     * The share of the query's words, weighted by rarity (idf), that the agent's texts contain: 1 when
     * all are there, 0 when none. Words no agent has count at the rarest weight, so a request that is
     * mostly about something else ("sourdough loaf") covers little even if one common word matches.
     */
    private double coverage(Query q, int agent) {
        int n = agents.size();
        double all = 0;
        double matched = 0;
        for (int t : q.terms) {
            double idf = KeywordField.idf(t < 0 ? 0 : documentFrequency[t], n);
            all += idf;
            if (name.contains(t, agent) || description.contains(t, agent) || body.contains(t, agent)) {
                matched += idf;
            }
        }
        return all == 0 ? 0 : matched / all;
    }

    private static final String[] SIGNALS_KEYWORD = {"bm25"};
    private static final String[] SIGNALS_HYBRID = {"bm25", "embeddingDescription", "embeddingExamples", "embeddingBody"
    };

    /** The query's distinct known terms and, for explanations, the word each came from. */
    private record Query(int[] terms, String[] surfaces) {}

    private Query analyse(String query) {
        Map<String, String> firstSurface = new LinkedHashMap<>();
        analyzer.forEachTerm(query, (surface, term) -> firstSurface.putIfAbsent(term, surface));
        int[] terms = new int[firstSurface.size()];
        String[] surfaces = new String[terms.length];
        int i = 0;
        for (Map.Entry<String, String> e : firstSurface.entrySet()) {
            terms[i] = termIds.getOrDefault(e.getKey(), -1);
            surfaces[i] = e.getValue();
            i++;
        }
        return new Query(terms, surfaces);
    }

    /**
     * Replaces each value by {@code weight} times its z-score among the values that are not NaN. NaN
     * (the agent has no text of that kind, such as no examples) becomes zero, average: agents are
     * compared like with like. A signal without spread contributes nothing.
     */
    private static void zNormalise(double[] values, double weight) {
        double sum = 0;
        int count = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        double mean = count == 0 ? 0 : sum / count;
        double squares = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        double sd = count == 0 ? 0 : Math.sqrt(squares / count);
        for (int i = 0; i < values.length; i++) {
            values[i] = sd < 1e-12 || Double.isNaN(values[i]) ? 0 : weight * (values[i] - mean) / sd;
        }
    }

    /** Indexes of the {@code k} highest totals among the candidates, best first; ties go to the earlier agent. */
    private static int[] topK(double[] total, boolean[] candidate, int k) {
        int[] best = new int[Math.min(k, total.length)];
        int size = 0;
        for (int a = 0; a < total.length; a++) {
            if (!candidate[a]) {
                continue;
            }
            if (size == best.length && total[a] <= total[best[size - 1]]) {
                continue;
            }
            int i = size == best.length ? size - 1 : size++;
            while (i > 0 && total[best[i - 1]] < total[a]) {
                best[i] = best[i - 1];
                i--;
            }
            best[i] = a;
        }
        return Arrays.copyOf(best, size);
    }

    private List<String> matchedTerms(Query q, int agent) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < q.terms.length; i++) {
            int t = q.terms[i];
            if (name.contains(t, agent) || description.contains(t, agent) || body.contains(t, agent)) {
                out.add(q.surfaces[i]);
            }
        }
        return out;
    }

    /** The lines sharing the rarest query terms with the query (idf summed), best first. */
    private List<String> passages(Query q, int agent, float[] queryVector) {
        String[] lines = passages[agent];
        int[][] lineTerms = passageTerms[agent];
        int n = agents.size();
        double[] best = new double[MAX_PASSAGES];
        int[] bestLine = new int[MAX_PASSAGES];
        Arrays.fill(bestLine, -1);
        for (int l = 0; l < lines.length; l++) {
            double s = 0;
            for (int t : q.terms) {
                if (t >= 0 && Arrays.binarySearch(lineTerms[l], t) >= 0) {
                    s += KeywordField.idf(documentFrequency[t], n);
                }
            }
            if (s <= 0 || s <= best[MAX_PASSAGES - 1]) {
                continue;
            }
            int i = MAX_PASSAGES - 1;
            while (i > 0 && best[i - 1] < s) {
                best[i] = best[i - 1];
                bestLine[i] = bestLine[i - 1];
                i--;
            }
            best[i] = s;
            bestLine[i] = l;
        }
        List<String> out = new ArrayList<>(MAX_PASSAGES);
        for (int l : bestLine) {
            if (l >= 0) {
                out.add(AgentText.trim(lines[l], q.surfaces));
            }
        }
        if (out.isEmpty() && queryVector != null && vectors.body().hasRows(agent)) {
            // No shared word: show the system-prompt chunk closest in meaning (cut up the same way again).
            int row = vectors.body().bestRow(queryVector, agent);
            List<String> chunks = AgentText.bodyChunks(agents.get(agent).systemPrompt());
            if (row < chunks.size()) {
                out.add(AgentText.trim(chunks.get(row), q.surfaces));
            }
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
