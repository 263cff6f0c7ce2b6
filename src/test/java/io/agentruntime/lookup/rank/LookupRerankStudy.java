package io.agentruntime.lookup.rank;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.lookup.embed.AgentText;
import io.agentruntime.lookup.embed.AgentVectors;
import io.agentruntime.lookup.embed.Embedder;
import io.agentruntime.lookup.embed.VectorCache;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The re-ranking study behind `bench/results/lookup-rerank.md` (issue 12): signals the service does not
 * fuse today (BM25 per field, the mean of the best body chunks and of all of them, the similarity of the
 * query to the agent's name, the share of the query's words an agent has, the share of the agent's name
 * words the query has, query length) combined by (1) a learned linear re-ranker over the service's top
 * k, a softmax over the candidates of each query fitted by gradient descent with an L2 penalty, and (2)
 * grids of BM25 field boosts and fusion weights; then signals of another kind added to the service's fusion
 * (mean-centred embeddings, an agent prior, best-passage BM25, the query cut into sentences, and the hidden
 * examples left in but the query's own), and the service's top-1 misses. Every setting is measured on the whole corpus (fitted
 * there: it flatters) and held out: the service's split (alternate agents in name order, fitted on one
 * fold's cases, measured on the other's) and five folds by agent (agent index mod 5), so a fit must carry
 * to agents it never saw. Run after {@code LookupFusionStudy} has cached the MiniLM vectors (or let this
 * one embed them): `./mvnw test-compile && ./mvnw surefire:test -Dtest=LookupRerankStudy -Dexplore=true`.
 * Exploratory code, not part of the service or its tests.
 */
@EnabledIfSystemProperty(named = "explore", matches = "true")
class LookupRerankStudy {

    static final String[] FEATURES = {
        "z bm25 (service fields)", // 0
        "z bm25 name", // 1
        "z bm25 description", // 2
        "z bm25 system prompt", // 3
        "z emb description", // 4
        "z emb best chunk", // 5
        "z emb best-3 chunks", // 6
        "z emb all chunks", // 7
        "z emb name", // 8
        "name words in query", // 9
        "fused (service)", // 10
        "fused gap to first", // 11
        "1 / (1 + service rank)", // 12
        "cos best chunk", // 13
        "cos description", // 14
        "z bm25 x query length", // 15
        "z emb best x query length", // 16
        "coverage", // 17
        "z coverage", // 18
        "cos name", // 19
    };

    int n;
    int m;
    int[] expected;
    /** [case][agent][feature] */
    double[][][] x;

    @Test
    void run() throws Exception {
        BenchCorpus corpus = BenchCorpus.load();
        List<AgentDefinition> agents = corpus.agents;
        n = agents.size();
        m = corpus.cases.size();
        expected = new int[m];
        for (int i = 0; i < m; i++) {
            String e = corpus.cases.get(i).expected();
            for (int a = 0; a < n; a++) if (agents.get(a).name().equals(e)) expected[i] = a;
        }
        Embedder.Model model = Embedder.DEFAULT;
        Path dir = Path.of("target/bench-vectors", model.name());
        Files.createDirectories(dir);
        VectorCache cache = new VectorCache(dir, model.version());
        Embedder[] emb = {null};
        java.util.function.Supplier<Embedder> embedder = () -> {
            if (emb[0] == null) emb[0] = Embedder.load(Path.of("target/djl-native"), model);
            return emb[0];
        };
        AgentVectors[] vs = new AgentVectors[n];
        for (int a = 0; a < n; a++) {
            AgentDefinition ag = agents.get(a);
            vs[a] = cache.get(ag.source().sha256()).orElse(null);
            if (vs[a] == null) {
                vs[a] = embedder.get().vectorsOf(ag);
                cache.put(ag.source().sha256(), vs[a]);
            }
        }
        List<String> queries =
                corpus.cases.stream().map(BenchCorpus.Case::query).toList();
        float[][] q = vectors(dir.resolve("rerank-queries.bin"), queries, embedder);
        List<String> names =
                agents.stream().map(a -> AgentText.nameWords(a.name())).toList();
        float[][] nameVec = vectors(dir.resolve("rerank-names.bin"), names, embedder);
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) embedder.get().embed(names.get(i));
        System.out.printf("one name embedded in %.1f ms (wall, mean of 20)%n", (System.nanoTime() - t0) / 20 / 1e6);

        // raw signals over all agents
        double[][] kw = scores(LookupIndex.build(agents, RankingWeights.DEFAULT), queries);
        double[][] bName = scores(LookupIndex.build(agents, new RankingWeights(1, 0, 0, 1, 0, 0, 0, 1)), queries);
        double[][] bDesc = scores(LookupIndex.build(agents, new RankingWeights(0, 1, 0, 1, 0, 0, 0, 1)), queries);
        double[][] bBody = scores(LookupIndex.build(agents, new RankingWeights(0, 0, 1, 1, 0, 0, 0, 1)), queries);
        double[][] d = new double[m][n], best = new double[m][n], top3 = new double[m][n], mean = new double[m][n];
        double[][] nm = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int a = 0; a < n; a++) {
                d[i][a] = vs[a].description() == null ? Double.NaN : dot(q[i], vs[a].description());
                double[] cs = new double[vs[a].body().length];
                for (int c = 0; c < cs.length; c++) cs[c] = dot(q[i], vs[a].body()[c]);
                Arrays.sort(cs);
                int k = cs.length;
                best[i][a] = k == 0 ? Double.NaN : cs[k - 1];
                double t = 0, s = 0;
                for (int c = 0; c < k; c++) {
                    s += cs[c];
                    if (c >= k - 3) t += cs[c];
                }
                top3[i][a] = k == 0 ? Double.NaN : t / Math.min(3, k);
                mean[i][a] = k == 0 ? Double.NaN : s / k;
                nm[i][a] = dot(q[i], nameVec[a]);
            }
        }
        // term sets for coverage and name-word share
        Analyzer an = Analyzer.STANDARD;
        List<Set<String>> agentTerms = new ArrayList<>();
        List<Set<String>> nameTerms = new ArrayList<>();
        Map<String, Integer> df = new HashMap<>();
        for (AgentDefinition a : agents) {
            Set<String> all =
                    terms(an, names.get(agents.indexOf(a)) + "\n" + a.description() + "\n" + a.systemPrompt());
            agentTerms.add(all);
            nameTerms.add(terms(an, AgentText.nameWords(a.name())));
            all.forEach(t -> df.merge(t, 1, Integer::sum));
        }
        double[][] cov = new double[m][n], nameShare = new double[m][n];
        int[] qlen = new int[m];
        for (int i = 0; i < m; i++) {
            Set<String> qt = terms(an, queries.get(i));
            qlen[i] = qt.size();
            for (int a = 0; a < n; a++) {
                double all = 0, hit = 0;
                for (String t : qt) {
                    double idf = KeywordField.idf(df.getOrDefault(t, 0), n);
                    all += idf;
                    if (agentTerms.get(a).contains(t)) hit += idf;
                }
                cov[i][a] = all == 0 ? 0 : hit / all;
                Set<String> nt = nameTerms.get(a);
                int in = 0;
                for (String t : nt) if (qt.contains(t)) in++;
                nameShare[i][a] = nt.isEmpty() ? 0 : (double) in / nt.size();
            }
        }
        double[][] zk = z(kw),
                zn = z(bName),
                zd = z(bDesc),
                zb = z(bBody),
                zde = z(d),
                zbe = z(best),
                zt3 = z(top3),
                zm = z(mean),
                znm = z(nm),
                zc = z(cov);
        x = new double[m][n][FEATURES.length];
        for (int i = 0; i < m; i++) {
            double[] fused = new double[n];
            for (int a = 0; a < n; a++) fused[a] = zk[i][a] + 0.25 * zde[i][a] + 0.75 * zbe[i][a];
            int[] order = order(fused);
            int[] rank = new int[n];
            for (int r = 0; r < n; r++) rank[order[r]] = r;
            double ql = Math.log1p(qlen[i]) / Math.log1p(15);
            for (int a = 0; a < n; a++) {
                double[] f = x[i][a];
                f[0] = zk[i][a];
                f[1] = zn[i][a];
                f[2] = zd[i][a];
                f[3] = zb[i][a];
                f[4] = zde[i][a];
                f[5] = zbe[i][a];
                f[6] = zt3[i][a];
                f[7] = zm[i][a];
                f[8] = znm[i][a];
                f[9] = nameShare[i][a];
                f[10] = fused[a];
                f[11] = fused[a] - fused[order[0]];
                f[12] = 1.0 / (1 + rank[a]);
                f[13] = Double.isNaN(best[i][a]) ? 0 : best[i][a];
                f[14] = Double.isNaN(d[i][a]) ? 0 : d[i][a];
                f[15] = zk[i][a] * ql;
                f[16] = zbe[i][a] * ql;
                f[17] = cov[i][a];
                f[18] = zc[i][a];
                f[19] = nm[i][a];
            }
        }
        List<String> out = new ArrayList<>();
        int[] service = {10};
        out.add(String.format(
                Locale.ROOT,
                "service fusion: whole %s; query length median %d terms",
                pct(evalLinear(all(), unit(FEATURES.length, 10))),
                median(qlen)));
        out.add(recall());
        // learned re-rankers over the service's top k
        Map<String, int[]> sets = new LinkedHashMap<>();
        sets.put("service signals re-weighted (0,4,5)", new int[] {0, 4, 5});
        sets.put("per-field BM25 + emb (1,2,3,4,5)", new int[] {1, 2, 3, 4, 5});
        sets.put("fields + all chunk kinds (1-7)", new int[] {1, 2, 3, 4, 5, 6, 7});
        sets.put("service fused + name emb (10,8)", new int[] {10, 8});
        sets.put("service fused + name words (10,9)", new int[] {10, 9});
        sets.put("service fused + coverage (10,17,18)", new int[] {10, 17, 18});
        sets.put("service fused + rank/gap (10,11,12)", new int[] {10, 11, 12});
        sets.put("service fused + raw cosines (10,13,14,19)", new int[] {10, 13, 14, 19});
        sets.put("service fused + query-length terms (10,15,16)", new int[] {10, 15, 16});
        sets.put("fields + name emb + name words (1-5,8,9)", new int[] {1, 2, 3, 4, 5, 8, 9});
        sets.put("all 20 features", range(FEATURES.length));
        for (int k : Boolean.getBoolean("explore.skiprerank") ? new int[0] : new int[] {5, 10, 20}) {
            for (Map.Entry<String, int[]> s : sets.entrySet()) {
                for (double l2 : new double[] {0.01, 0.1, 1}) {
                    out.add(String.format(
                            Locale.ROOT,
                            "rerank k=%d l2=%-4s %-48s whole(fit) %s  2-fold %s  5-fold %s",
                            k,
                            l2,
                            s.getKey(),
                            pct(rerankWhole(s.getValue(), k, l2)),
                            pct(rerankCv(s.getValue(), k, l2, 2)),
                            pct(rerankCv(s.getValue(), k, l2, 5))));
                    System.out.println(out.get(out.size() - 1));
                }
            }
        }
        // grids: field boosts and fusion weights (option c), chosen on the training fold
        out.add(grid(bName, bDesc, bBody, zde, zbe, zt3, znm, zc));
        out.addAll(otherSignals(agents, vs, q, zk, zde, zbe));
        out.addAll(passageSignals(agents, vs, queries, embedder, dir, zk, zde, zbe));
        out.add(misses(agents));
        Files.writeString(Path.of("target/lookup-rerank-study.txt"), String.join("\n", out) + "\n");
        out.forEach(System.out::println);
    }

    /**
     * Signals of another kind than a re-weighting: (1) mean-centred embeddings (MiniLM's vectors share a
     * common direction; taking out the mean of all agent texts before the cosine), (2) an agent prior: each
     * agent's mean fused score when the other agents' descriptions are the queries, subtracted (agents that
     * come near the top for everything are pushed down), (3) the examples the benchmark hides, left in
     * except the query's own (leave one out): what the service's example signal does on real agent files.
     */
    List<String> otherSignals(
            List<AgentDefinition> agents,
            AgentVectors[] vs,
            float[][] q,
            double[][] zk,
            double[][] zde,
            double[][] zbe) {
        List<String> out = new ArrayList<>();
        // (1) centring
        double[] mu = new double[Embedder.DIM];
        int cnt = 0;
        for (AgentVectors v : vs) {
            List<float[]> texts = new ArrayList<>(Arrays.asList(v.body()));
            if (v.description() != null) texts.add(v.description());
            for (float[] t : texts) {
                for (int j = 0; j < mu.length; j++) mu[j] += t[j];
                cnt++;
            }
        }
        for (int j = 0; j < mu.length; j++) mu[j] /= cnt;
        for (double shrink : new double[] {0.5, 1.0}) {
            double[][] cd = new double[m][n], cb = new double[m][n];
            for (int i = 0; i < m; i++) {
                float[] qc = centred(q[i], mu, shrink);
                for (int a = 0; a < n; a++) {
                    cd[i][a] = vs[a].description() == null
                            ? Double.NaN
                            : dot(qc, centred(vs[a].description(), mu, shrink));
                    double mx = Double.NaN;
                    for (float[] c : vs[a].body()) {
                        double v = dot(qc, centred(c, mu, shrink));
                        mx = Double.isNaN(mx) || v > mx ? v : mx;
                    }
                    cb[i][a] = mx;
                }
            }
            out.add(fusionGrid("centred embeddings (x - " + shrink + " mean)", zk, z(cd), z(cb), null, null));
        }
        out.add(fusionGrid("reference: service signals, same grid", zk, zde, zbe, null, null));
        // (2) agent prior from the other agents' descriptions as queries
        LookupIndex index = LookupIndex.build(agents, RankingWeights.DEFAULT);
        double[][] pk = new double[n][], pd = new double[n][n], pb = new double[n][n];
        for (int r = 0; r < n; r++) {
            pk[r] = index.keywordScores(agents.get(r).description());
            float[] rv = vs[r].description();
            for (int a = 0; a < n; a++) {
                pd[r][a] = vs[a].description() == null || rv == null ? Double.NaN : dot(rv, vs[a].description());
                double mx = Double.NaN;
                for (float[] c : vs[a].body())
                    mx = rv == null ? Double.NaN : Double.isNaN(mx) ? dot(rv, c) : Math.max(mx, dot(rv, c));
                pb[r][a] = mx;
            }
            // the agent's own description is not a query about another agent
            pk[r][r] = Double.NaN;
            pd[r][r] = Double.NaN;
            pb[r][r] = Double.NaN;
        }
        double[][] zpk = z(pk), zpd = z(pd), zpb = z(pb);
        double[] prior = new double[n];
        for (int a = 0; a < n; a++) {
            double s = 0;
            for (int r = 0; r < n; r++) if (r != a) s += zpk[r][a] + 0.25 * zpd[r][a] + 0.75 * zpb[r][a];
            prior[a] = s / (n - 1);
        }
        out.add(fusionGrid("agent prior (descriptions as queries) subtracted", zk, zde, zbe, prior, null));
        // (3) leave-one-out examples
        double[][] ex = new double[m][n];
        for (int i = 0; i < m; i++) {
            Arrays.fill(ex[i], Double.NaN);
            for (int j = 0; j < m; j++) {
                if (j == i) continue;
                int a = expected[j];
                double v = dot(q[i], q[j]);
                ex[i][a] = Double.isNaN(ex[i][a]) ? v : Math.max(ex[i][a], v);
            }
        }
        out.add(fusionGrid(
                "examples visible except the query's own (not the benchmark's setting)", zk, zde, zbe, null, z(ex)));
        return out;
    }

    /**
     * (4) BM25 of the best passage (each system-prompt paragraph chunk and the description scored as its own
     * document, the agent's best one kept) and (5) the query cut into sentences, each embedded, an agent's
     * similarity the best over sentences and chunks (or the mean over sentences of each one's best).
     */
    List<String> passageSignals(
            List<AgentDefinition> agents,
            AgentVectors[] vs,
            List<String> queries,
            java.util.function.Supplier<Embedder> embedder,
            Path dir,
            double[][] zk,
            double[][] zde,
            double[][] zbe)
            throws java.io.IOException {
        List<String> out = new ArrayList<>();
        Analyzer an = Analyzer.STANDARD;
        List<Map<String, Integer>> docs = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            List<String> texts = new ArrayList<>();
            texts.add(AgentText.nameWords(agents.get(a).name()) + " "
                    + agents.get(a).description());
            for (String para : agents.get(a).systemPrompt().split("\\n\\s*\\n")) if (!para.isBlank()) texts.add(para);
            for (String t : texts) {
                Map<String, Integer> tf = new HashMap<>();
                an.forEachTerm(t, (surface, term) -> tf.merge(term, 1, Integer::sum));
                docs.add(tf);
                owner.add(a);
            }
        }
        Map<String, Integer> df = new HashMap<>();
        double avg = 0;
        for (Map<String, Integer> d : docs) {
            d.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
            for (int c : d.values()) avg += c;
        }
        avg /= docs.size();
        double[][] pb = new double[m][n];
        for (int i = 0; i < m; i++) {
            Set<String> qt = terms(an, queries.get(i));
            for (int p = 0; p < docs.size(); p++) {
                Map<String, Integer> d = docs.get(p);
                int len = 0;
                for (int c : d.values()) len += c;
                double s = 0;
                for (String t : qt) {
                    Integer tf = d.get(t);
                    if (tf == null) continue;
                    double norm = KeywordField.K1 * (1 - KeywordField.B + KeywordField.B * len / avg);
                    s += KeywordField.idf(df.get(t), docs.size()) * tf * (KeywordField.K1 + 1) / (tf + norm);
                }
                int a = owner.get(p);
                pb[i][a] = Math.max(pb[i][a], s);
            }
        }
        out.add(fusionGrid("best-passage BM25 added (4th weight)", zk, zde, zbe, null, z(pb)));
        // sentences of the query
        List<String> sentences = new ArrayList<>();
        int[][] sentenceIds = new int[m][];
        for (int i = 0; i < m; i++) {
            String[] ss = queries.get(i).split("(?<=[.!?])\\s+");
            sentenceIds[i] = new int[ss.length];
            for (int j = 0; j < ss.length; j++) {
                sentenceIds[i][j] = sentences.size();
                sentences.add(ss[j]);
            }
        }
        float[][] sv = vectors(dir.resolve("rerank-sentences.bin"), sentences, embedder);
        double multi = 0;
        for (int[] ids : sentenceIds) multi += ids.length > 1 ? 1 : 0;
        double[][] maxB = new double[m][n], meanB = new double[m][n], maxD = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int a = 0; a < n; a++) {
                double mx = -1, sum = 0, md = -1;
                for (int id : sentenceIds[i]) {
                    double best = -1;
                    for (float[] c : vs[a].body()) best = Math.max(best, dot(sv[id], c));
                    mx = Math.max(mx, best);
                    sum += best;
                    if (vs[a].description() != null) md = Math.max(md, dot(sv[id], vs[a].description()));
                }
                maxB[i][a] = mx;
                meanB[i][a] = sum / sentenceIds[i].length;
                maxD[i][a] = md;
            }
        }
        out.add(String.format(Locale.ROOT, "queries with more than one sentence: %.0f of %d", multi, m));
        out.add(fusionGrid(
                "query sentences: best sentence x chunk (in place of best chunk)", zk, z(maxD), z(maxB), null, null));
        out.add(fusionGrid("query sentences: mean over sentences of the best chunk", zk, zde, z(meanB), null, null));
        out.add(fusionGrid("whole query best chunk + sentence mean (4th weight)", zk, zde, zbe, null, z(meanB)));
        return out;
    }

    /** The top-1 misses of the service's fusion: where the expected agent lands and who wins. */
    String misses(List<AgentDefinition> agents) {
        LookupIndex index = LookupIndex.build(agents, RankingWeights.DEFAULT);
        int miss = 0, second = 0, alike = 0;
        double[] w = unit(FEATURES.length, 10);
        Map<String, Integer> winners = new HashMap<>();
        Map<String, Integer> pairs = new HashMap<>();
        for (int i = 0; i < m; i++) {
            double[] tot = new double[n];
            for (int a = 0; a < n; a++) tot[a] = x[i][a][10];
            int[] o = order(tot);
            if (o[0] == expected[i]) continue;
            miss++;
            second += o[1] == expected[i] ? 1 : 0;
            alike += index.likeness(o[0], expected[i]) >= 0.15 ? 1 : 0;
            winners.merge(agents.get(o[0]).name(), 1, Integer::sum);
            pairs.merge(
                    agents.get(expected[i]).name() + " -> " + agents.get(o[0]).name(), 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> top = new ArrayList<>(winners.entrySet());
        top.sort((p, r) -> r.getValue() - p.getValue());
        List<Map.Entry<String, Integer>> pairList = new ArrayList<>(pairs.entrySet());
        pairList.sort((p, r) -> r.getValue() - p.getValue());
        return String.format(
                Locale.ROOT,
                "top-1 misses %d: expected second %d; winner and expected share >= 15%% of their vocabulary %d; "
                        + "most frequent wrong winners %s; expected -> winner %s",
                miss,
                second,
                alike,
                top.subList(0, Math.min(8, top.size())),
                pairList.subList(0, Math.min(12, pairList.size())));
    }

    static float[] centred(float[] v, double[] mu, double shrink) {
        float[] c = new float[v.length];
        double norm = 0;
        for (int j = 0; j < v.length; j++) {
            c[j] = (float) (v[j] - shrink * mu[j]);
            norm += c[j] * c[j];
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < v.length; j++) c[j] /= (float) norm;
        return c;
    }

    /**
     * z-score fusion bm25 + wd * description + wb * best chunk (- wp * prior) (+ we * examples): the
     * service's weights (0.25 / 0.75 / 0.5 / 0.5), the best on the whole corpus, and held out (chosen on
     * the training folds).
     */
    String fusionGrid(String label, double[][] zk, double[][] zd, double[][] zb, double[] prior, double[][] zex) {
        List<double[]> settings = new ArrayList<>();
        for (double wd : new double[] {0, 0.25, 0.5, 0.75})
            for (double wb : new double[] {0.5, 0.75, 1, 1.25})
                for (double wp : prior == null ? new double[] {0} : new double[] {0.25, 0.5, 1, 1.5})
                    for (double we : zex == null ? new double[] {0} : new double[] {0.25, 0.5, 0.75, 1})
                        settings.add(new double[] {wd, wb, wp, we});
        int[][] r = new int[settings.size() + 2][m];
        // the service's weights with the new signal at 0.25, then at 0.5 (the last one)
        int quarter = settings.size();
        settings.add(new double[] {0.25, 0.75, prior == null ? 0 : 0.25, zex == null ? 0 : 0.25});
        settings.add(new double[] {0.25, 0.75, prior == null ? 0 : 0.5, zex == null ? 0 : 0.5});
        for (int s = 0; s < settings.size(); s++) {
            double[] w = settings.get(s);
            for (int i = 0; i < m; i++) {
                double[] tot = new double[n];
                for (int a = 0; a < n; a++)
                    tot[a] = zk[i][a]
                            + w[0] * zd[i][a]
                            + w[1] * zb[i][a]
                            - (prior == null ? 0 : w[2] * prior[a])
                            + (zex == null ? 0 : w[3] * zex[i][a]);
                r[s][i] = LookupFusionStudy.rankOf(tot, expected[i]);
            }
        }
        List<Integer> allowed = new ArrayList<>();
        for (int s = 0; s < quarter; s++) allowed.add(s);
        int bestS = pick(r, allowed, all());
        StringBuilder held = new StringBuilder();
        for (int folds : new int[] {2, 5}) {
            int[] h = new int[2];
            for (int f = 0; f < folds; f++) {
                List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
                for (int i = 0; i < m; i++) (fold(i, folds) == f ? test : train).add(i);
                int s = pick(r, allowed, train);
                for (int i : test) {
                    h[0] += r[s][i] == 0 ? 1 : 0;
                    h[1] += r[s][i] < 3 ? 1 : 0;
                }
            }
            held.append(String.format(Locale.ROOT, "  %d-fold %.1f/%.1f", folds, 100.0 * h[0] / m, 100.0 * h[1] / m));
        }
        return String.format(
                Locale.ROOT,
                "%-70s default weights, new signal 0.25 / 0.5: %s / %s  best on whole %s %s %s",
                label,
                pct(score(r[quarter], all())),
                pct(score(r[settings.size() - 1], all())),
                Arrays.toString(settings.get(bestS)),
                pct(score(r[bestS], all())),
                held);
    }

    /** Where the expected agent lands in the service's ranking: the ceiling of a top-k re-ranker. */
    String recall() {
        StringBuilder b = new StringBuilder("expected agent within the service's top k:");
        for (int k : new int[] {1, 3, 5, 10, 20}) {
            int c = 0;
            for (int i = 0; i < m; i++) if (rankBy(i, unit(FEATURES.length, 10), range(FEATURES.length)) < k) c++;
            b.append(String.format(Locale.ROOT, " k=%d %.1f%%", k, 100.0 * c / m));
        }
        return b.toString();
    }

    String grid(
            double[][] bName,
            double[][] bDesc,
            double[][] bBody,
            double[][] zde,
            double[][] zbe,
            double[][] zt3,
            double[][] znm,
            double[][] zc) {
        List<double[]> settings = new ArrayList<>();
        for (double wn : new double[] {0.5, 1, 2, 3})
            for (double wdsc : new double[] {0.5, 1, 2})
                for (double wbody : new double[] {1, 2, 3, 4})
                    for (double ed : new double[] {0, 0.25, 0.5})
                        for (double eb : new double[] {0.5, 0.75, 1})
                            for (double en : new double[] {0, 0.25, 0.5})
                                for (double ec : new double[] {0, 0.25, 0.5})
                                    settings.add(new double[] {wn, wdsc, wbody, ed, eb, en, ec});
        // ranks of the expected agent per setting and case
        int[][] r = new int[settings.size()][m];
        for (int s = 0; s < settings.size(); s++) {
            double[] w = settings.get(s);
            double[][] k = new double[m][n];
            for (int i = 0; i < m; i++)
                for (int a = 0; a < n; a++) k[i][a] = w[0] * bName[i][a] + w[1] * bDesc[i][a] + w[2] * bBody[i][a];
            double[][] zk = z(k);
            for (int i = 0; i < m; i++) {
                double[] tot = new double[n];
                for (int a = 0; a < n; a++)
                    tot[a] = zk[i][a] + w[3] * zde[i][a] + w[4] * zbe[i][a] + w[5] * znm[i][a] + w[6] * zc[i][a];
                r[s][i] = LookupFusionStudy.rankOf(tot, expected[i]);
            }
        }
        StringBuilder b = new StringBuilder();
        for (String label : new String[] {"fields+emb (name/coverage weights 0)", "fields+emb+name emb+coverage"}) {
            boolean extra = label.contains("coverage weights 0");
            List<Integer> allowed = new ArrayList<>();
            for (int s = 0; s < settings.size(); s++)
                if (!extra || (settings.get(s)[5] == 0 && settings.get(s)[6] == 0)) allowed.add(s);
            int bestS = pick(r, allowed, all());
            double[] whole = score(r[bestS], all());
            int[] h2 = new int[2], h5 = new int[2];
            StringBuilder chosen = new StringBuilder();
            for (int folds : new int[] {2, 5}) {
                int[] h = folds == 2 ? h2 : h5;
                for (int f = 0; f < folds; f++) {
                    List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
                    for (int i = 0; i < m; i++) (fold(i, folds) == f ? test : train).add(i);
                    int s = pick(r, allowed, train);
                    if (folds == 2) chosen.append(Arrays.toString(settings.get(s)));
                    for (int i : test) {
                        h[0] += r[s][i] == 0 ? 1 : 0;
                        h[1] += r[s][i] < 3 ? 1 : 0;
                    }
                }
            }
            b.append(String.format(
                    Locale.ROOT,
                    "grid %-40s best on whole %s %s  2-fold %.1f/%.1f (chosen %s)  5-fold %.1f/%.1f%n",
                    label,
                    Arrays.toString(settings.get(bestS)),
                    pct(whole),
                    100.0 * h2[0] / m,
                    100.0 * h2[1] / m,
                    chosen,
                    100.0 * h5[0] / m,
                    100.0 * h5[1] / m));
        }
        return b.toString();
    }

    static int pick(int[][] r, List<Integer> allowed, List<Integer> cases) {
        int best = -1;
        double bestQ = -1;
        for (int s : allowed) {
            double[] q = score(r[s], cases);
            if (q[0] + q[1] > bestQ + 1e-9) {
                bestQ = q[0] + q[1];
                best = s;
            }
        }
        return best;
    }

    static double[] score(int[] ranks, List<Integer> cases) {
        int t1 = 0, t3 = 0;
        for (int i : cases) {
            t1 += ranks[i] == 0 ? 1 : 0;
            t3 += ranks[i] < 3 ? 1 : 0;
        }
        return new double[] {100.0 * t1 / cases.size(), 100.0 * t3 / cases.size()};
    }

    /** The fold of case i: the service's split (alternate agents) for 2, agent index mod 5 for 5. */
    int fold(int i, int folds) {
        return expected[i] % folds;
    }

    List<Integer> all() {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < m; i++) l.add(i);
        return l;
    }

    double[] rerankWhole(int[] feats, int k, double l2) {
        double[] w = fit(all(), feats, k, l2);
        return evalRerank(all(), feats, w, k);
    }

    double[] rerankCv(int[] feats, int k, double l2, int folds) {
        int t1 = 0, t3 = 0;
        for (int f = 0; f < folds; f++) {
            List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
            for (int i = 0; i < m; i++) (fold(i, folds) == f ? test : train).add(i);
            double[] w = fit(train, feats, k, l2);
            double[] r = evalRerank(test, feats, w, k);
            t1 += Math.round(r[0] * test.size() / 100);
            t3 += Math.round(r[1] * test.size() / 100);
        }
        return new double[] {100.0 * t1 / m, 100.0 * t3 / m};
    }

    /** The service's top k of case i, best first. */
    int[] topK(int i, int k) {
        double[] fused = new double[n];
        for (int a = 0; a < n; a++) fused[a] = x[i][a][10];
        return Arrays.copyOf(order(fused), k);
    }

    /** Softmax over each query's top k (queries whose expected agent is outside it are skipped), L2. */
    double[] fit(List<Integer> cases, int[] feats, int k, double l2) {
        int p = feats.length;
        double[] w = new double[p];
        // start from the service's ranking when it is among the features
        for (int j = 0; j < p; j++) if (feats[j] == 10) w[j] = 1;
        double[] mom = new double[p], vel = new double[p];
        List<int[]> cand = new ArrayList<>();
        List<Integer> label = new ArrayList<>();
        for (int i : cases) {
            int[] top = topK(i, k);
            for (int c = 0; c < k; c++)
                if (top[c] == expected[i]) {
                    cand.add(new int[] {i});
                    label.add(c);
                }
        }
        int[][] tops = new int[cand.size()][];
        for (int e = 0; e < tops.length; e++) tops[e] = topK(cand.get(e)[0], k);
        for (int it = 1; it <= 400; it++) {
            double[] g = new double[p];
            for (int e = 0; e < tops.length; e++) {
                int i = cand.get(e)[0];
                double[] s = new double[k];
                double mx = -1e300;
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < p; j++) s[c] += w[j] * x[i][tops[e][c]][feats[j]];
                    mx = Math.max(mx, s[c]);
                }
                double z = 0;
                for (int c = 0; c < k; c++) {
                    s[c] = Math.exp(s[c] - mx);
                    z += s[c];
                }
                for (int c = 0; c < k; c++) {
                    double pr = s[c] / z - (c == label.get(e) ? 1 : 0);
                    for (int j = 0; j < p; j++) g[j] += pr * x[i][tops[e][c]][feats[j]];
                }
            }
            for (int j = 0; j < p; j++) {
                g[j] = g[j] / Math.max(1, tops.length) + l2 * w[j];
                mom[j] = 0.9 * mom[j] + 0.1 * g[j];
                vel[j] = 0.999 * vel[j] + 0.001 * g[j] * g[j];
                double mh = mom[j] / (1 - Math.pow(0.9, it)), vh = vel[j] / (1 - Math.pow(0.999, it));
                w[j] -= 0.05 * mh / (Math.sqrt(vh) + 1e-8);
            }
        }
        return w;
    }

    double[] evalRerank(List<Integer> cases, int[] feats, double[] w, int k) {
        int t1 = 0, t3 = 0;
        for (int i : cases) {
            int[] top = topK(i, k);
            double[] s = new double[k];
            for (int c = 0; c < k; c++) for (int j = 0; j < feats.length; j++) s[c] += w[j] * x[i][top[c]][feats[j]];
            int r = -1;
            for (int c = 0; c < k; c++)
                if (top[c] == expected[i]) {
                    r = 0;
                    for (int o = 0; o < k; o++) if (s[o] > s[c] || (s[o] == s[c] && o < c)) r++;
                }
            if (r == 0) t1++;
            if (r >= 0 && r < 3) t3++;
        }
        return new double[] {100.0 * t1 / cases.size(), 100.0 * t3 / cases.size()};
    }

    double[] evalLinear(List<Integer> cases, double[] w) {
        int t1 = 0, t3 = 0;
        for (int i : cases) {
            int r = rankBy(i, w, range(FEATURES.length));
            t1 += r == 0 ? 1 : 0;
            t3 += r < 3 ? 1 : 0;
        }
        return new double[] {100.0 * t1 / cases.size(), 100.0 * t3 / cases.size()};
    }

    int rankBy(int i, double[] w, int[] feats) {
        double[] tot = new double[n];
        for (int a = 0; a < n; a++) for (int j = 0; j < feats.length; j++) tot[a] += w[j] * x[i][a][feats[j]];
        return LookupFusionStudy.rankOf(tot, expected[i]);
    }

    static int[] order(double[] s) {
        Integer[] idx = new Integer[s.length];
        for (int a = 0; a < s.length; a++) idx[a] = a;
        Arrays.sort(idx, (p, q) -> s[q] != s[p] ? Double.compare(s[q], s[p]) : Integer.compare(p, q));
        int[] out = new int[s.length];
        for (int a = 0; a < s.length; a++) out[a] = idx[a];
        return out;
    }

    static int[] range(int p) {
        int[] r = new int[p];
        for (int j = 0; j < p; j++) r[j] = j;
        return r;
    }

    static double[] unit(int p, int j) {
        double[] w = new double[p];
        w[j] = 1;
        return w;
    }

    static int median(int[] v) {
        int[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    static String pct(double[] q) {
        return String.format(Locale.ROOT, "%.1f/%.1f", q[0], q[1]);
    }

    static Set<String> terms(Analyzer an, String text) {
        Set<String> out = new HashSet<>();
        an.forEachTerm(text, (surface, term) -> out.add(term));
        return out;
    }

    static double[][] scores(LookupIndex index, List<String> queries) {
        double[][] out = new double[queries.size()][];
        for (int i = 0; i < out.length; i++) out[i] = index.keywordScores(queries.get(i));
        return out;
    }

    static double[][] z(double[][] v) {
        return LookupFusionStudy.z(v);
    }

    static double dot(float[] a, float[] b) {
        return LookupFusionStudy.dot(a, b);
    }

    /** The texts' embeddings, cached in {@code file}. */
    static float[][] vectors(Path file, List<String> texts, java.util.function.Supplier<Embedder> embedder)
            throws java.io.IOException {
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                float[][] v = new float[in.readInt()][Embedder.DIM];
                if (v.length == texts.size()) {
                    for (float[] r : v) for (int j = 0; j < r.length; j++) r[j] = in.readFloat();
                    return v;
                }
            }
        }
        float[][] v = new float[texts.size()][];
        for (int i = 0; i < v.length; i++) v[i] = embedder.get().embed(texts.get(i));
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(v.length);
            for (float[] r : v) for (float f : r) out.writeFloat(f);
        }
        return v;
    }
}
