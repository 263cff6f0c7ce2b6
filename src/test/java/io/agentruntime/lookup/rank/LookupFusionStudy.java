package io.agentruntime.lookup.rank;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.lookup.embed.AgentVectors;
import io.agentruntime.lookup.embed.Embedder;
import io.agentruntime.lookup.embed.VectorCache;
import java.io.*;
import java.nio.file.*;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fusion study behind `bench/results/lookup-fusion.md`: the raw signals of the three small embedding
 * models (z-scored or min-max scaled) fused with BM25 in several ways (z-score sums with the mean of the
 * body chunks or the mean of the best three, log BM25, reciprocal rank fusion, two or three models together,
 * a hubness penalty per text, lines naming another agent left out of BM25), on the whole corpus and on the
 * held-out split. Run: `./mvnw test-compile && ./mvnw surefire:test -Dtest=LookupFusionStudy
 * -Dexplore=true -Dexplore.models=all-MiniLM-L6-v2-q,bge-small-en-v1.5-q,e5-small-v2-q`; vectors are
 * cached under target/bench-vectors. Exploratory code, not part of the service or its tests.
 */
@EnabledIfSystemProperty(named = "explore", matches = "true")
class LookupFusionStudy {

    @Test
    void run() throws Exception {
        BenchCorpus corpus = BenchCorpus.load();
        List<String> ood = BenchCorpus.outOfDomain();
        int n = corpus.agents.size();
        int m = corpus.cases.size();
        LookupIndex kw = LookupIndex.build(corpus.agents, RankingWeights.DEFAULT);
        double[][] K = new double[m][];
        for (int i = 0; i < m; i++) K[i] = kw.keywordScores(corpus.cases.get(i).query());
        int[] expected = new int[m];
        for (int i = 0; i < m; i++) {
            String e = corpus.cases.get(i).expected();
            for (int a = 0; a < n; a++) if (corpus.agents.get(a).name().equals(e)) expected[i] = a;
        }
        for (String modelName :
                System.getProperty("explore.models", "all-MiniLM-L6-v2-q").split(",")) {
            Embedder.Model model = BenchModels.ALL.stream()
                    .filter(x -> x.name().equals(modelName))
                    .findFirst()
                    .orElseThrow();
            Path dir = Path.of("target/bench-vectors", model.name());
            Files.createDirectories(dir);
            VectorCache cache = new VectorCache(dir, model.version());
            Embedder emb = null;
            AgentVectors[] vs = new AgentVectors[n];
            long t0 = System.nanoTime();
            int embedded = 0;
            for (int a = 0; a < n; a++) {
                AgentDefinition ag = corpus.agents.get(a);
                vs[a] = cache.get(ag.source().sha256()).orElse(null);
                if (vs[a] == null) {
                    if (emb == null) emb = Embedder.load(Path.of("target/djl-native"), model);
                    vs[a] = emb.vectorsOf(ag);
                    cache.put(ag.source().sha256(), vs[a]);
                    embedded++;
                }
            }
            long t1 = System.nanoTime();
            if (embedded > 0)
                System.out.printf("%s: embedded %d agents in %.1f s%n", model.name(), embedded, (t1 - t0) / 1e9);
            Path qf = dir.resolve("queries.bin");
            float[][] Q;
            List<String> all = new ArrayList<>();
            corpus.cases.forEach(c -> all.add(c.query()));
            all.addAll(ood);
            if (Files.exists(qf)) {
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(qf)))) {
                    Q = new float[in.readInt()][Embedder.DIM];
                    for (float[] q : Q) for (int d = 0; d < q.length; d++) q[d] = in.readFloat();
                }
            } else {
                if (emb == null) emb = Embedder.load(Path.of("target/djl-native"), model);
                Q = new float[all.size()][];
                long q0 = System.nanoTime();
                for (int i = 0; i < Q.length; i++) Q[i] = emb.embed(all.get(i));
                System.out.printf(
                        "%s: embedded %d queries in %.1f s%n", model.name(), Q.length, (System.nanoTime() - q0) / 1e9);
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(qf)))) {
                    out.writeInt(Q.length);
                    for (float[] q : Q) for (float f : q) out.writeFloat(f);
                }
            }
            // signals
            double[][] D = new double[m][n], B = new double[m][n], M = new double[m][n], T = new double[m][n];
            for (int i = 0; i < m; i++) {
                for (int a = 0; a < n; a++) {
                    D[i][a] = vs[a].description() == null ? Double.NaN : dot(Q[i], vs[a].description());
                    double mx = -1, sum = 0;
                    double[] cs = new double[vs[a].body().length];
                    for (int c = 0; c < cs.length; c++) {
                        cs[c] = dot(Q[i], vs[a].body()[c]);
                        mx = Math.max(mx, cs[c]);
                        sum += cs[c];
                    }
                    B[i][a] = cs.length == 0 ? Double.NaN : mx;
                    M[i][a] = cs.length == 0 ? Double.NaN : sum / cs.length;
                    Arrays.sort(cs);
                    double t = 0;
                    int k = Math.min(3, cs.length);
                    for (int c = 0; c < k; c++) t += cs[cs.length - 1 - c];
                    T[i][a] = k == 0 ? Double.NaN : t / k;
                }
            }
            double[][] Kz = z(K), Dz = z(D), Bz = z(B), Mz = z(M), Tz = z(T);
            SIG.put(model.name(), new double[][][] {Dz, Bz, Mz, mm(D), mm(B)});
            {
                // hubness: each text's mean similarity to its 10 nearest texts of other agents
                List<float[]> texts = new ArrayList<>();
                List<Integer> owner = new ArrayList<>();
                for (int a = 0; a < n; a++) {
                    if (vs[a].description() != null) {
                        texts.add(vs[a].description());
                        owner.add(a);
                    }
                    for (float[] c : vs[a].body()) {
                        texts.add(c);
                        owner.add(a);
                    }
                }
                int tn = texts.size();
                double[] r = new double[tn];
                for (int x = 0; x < tn; x++) {
                    double[] top = new double[10];
                    Arrays.fill(top, -1);
                    for (int y = 0; y < tn; y++) {
                        if (owner.get(y).equals(owner.get(x))) continue;
                        double c = dot(texts.get(x), texts.get(y));
                        if (c > top[9]) {
                            int k = 9;
                            while (k > 0 && top[k - 1] < c) {
                                top[k] = top[k - 1];
                                k--;
                            }
                            top[k] = c;
                        }
                    }
                    double sum = 0;
                    for (double t : top) sum += t;
                    r[x] = sum / 10;
                }
                for (double lam : new double[] {0.25, 0.5, 1.0}) {
                    double[][] D2 = new double[m][n], B2 = new double[m][n];
                    for (int i = 0; i < m; i++) {
                        int x = 0;
                        for (int a = 0; a < n; a++) {
                            D2[i][a] = Double.NaN;
                            B2[i][a] = Double.NaN;
                            if (vs[a].description() != null) {
                                D2[i][a] = dot(Q[i], vs[a].description()) - lam * r[x];
                                x++;
                            }
                            double mx = Double.NaN;
                            for (float[] c : vs[a].body()) {
                                double v = dot(Q[i], c) - lam * r[x];
                                x++;
                                mx = Double.isNaN(mx) ? v : Math.max(mx, v);
                            }
                            B2[i][a] = mx;
                        }
                    }
                    SIG.put(model.name() + "/csls" + lam, new double[][][] {z(D2), z(B2), Mz, mm(D2), mm(B2)});
                }
            }
            if (Boolean.getBoolean("explore.skipgrid")) continue;
            double[][] Kl = new double[m][n];
            for (int i = 0; i < m; i++) for (int a = 0; a < n; a++) Kl[i][a] = Math.log1p(K[i][a]);
            double[][] Klz = z(Kl);
            // fold split
            List<Integer> A = new ArrayList<>(), Bf = new ArrayList<>();
            for (int i = 0; i < m; i++) (expected[i] % 2 == 0 ? A : Bf).add(i);
            List<Integer> allCases = new ArrayList<>();
            for (int i = 0; i < m; i++) allCases.add(i);
            // grids
            double[] wd = {0, 0.25, 0.5, 0.75, 1}, wb = {0.25, 0.5, 0.75, 1, 1.25, 1.5}, wm = {0, 0.25, 0.5, 0.75};
            System.out.println("== " + model.name());
            for (String variant : new String[] {"z", "zlog", "ztop3", "rrf"}) {
                List<double[]> grid = new ArrayList<>();
                for (double d : wd) for (double b : wb) for (double mm : wm) grid.add(new double[] {d, b, mm});
                double[][] kk = variant.equals("zlog") ? Klz : Kz;
                double[][] bb = variant.equals("ztop3") ? Tz : Bz;
                java.util.function.BiFunction<double[], List<Integer>, double[]> eval = (w, cases) -> {
                    int t1c = 0, t3c = 0;
                    for (int i : cases) {
                        double[] tot = new double[n];
                        if (variant.equals("rrf")) {
                            addRrf(tot, K[i], 1);
                            addRrf(tot, D[i], w[0]);
                            addRrf(tot, B[i], w[1]);
                            addRrf(tot, M[i], w[2]);
                        } else {
                            for (int a = 0; a < n; a++)
                                tot[a] = kk[i][a] + w[0] * Dz[i][a] + w[1] * bb[i][a] + w[2] * Mz[i][a];
                        }
                        int r = rankOf(tot, expected[i]);
                        if (r == 0) t1c++;
                        if (r < 3) t3c++;
                    }
                    return new double[] {100.0 * t1c / cases.size(), 100.0 * t3c / cases.size()};
                };
                double[] best = null, bestW = null;
                for (double[] w : grid) {
                    double[] q = eval.apply(w, allCases);
                    if (best == null || q[0] + q[1] > best[0] + best[1]) {
                        best = q;
                        bestW = w;
                    }
                }
                double[] cur = eval.apply(new double[] {0.25, 0.75, 0}, allCases);
                // held out
                double h1 = 0, h3 = 0;
                StringBuilder chosen = new StringBuilder();
                for (int f = 0; f < 2; f++) {
                    List<Integer> tune = f == 0 ? A : Bf, test = f == 0 ? Bf : A;
                    double[] bq = null, bw = null;
                    for (double[] w : grid) {
                        double[] q = eval.apply(w, tune);
                        if (bq == null || q[0] + q[1] > bq[0] + bq[1]) {
                            bq = q;
                            bw = w;
                        }
                    }
                    double[] h = eval.apply(bw, test);
                    h1 += h[0] * test.size();
                    h3 += h[1] * test.size();
                    chosen.append(Arrays.toString(bw));
                }
                System.out.printf(
                        "%-6s current(0.25,0.75,0) %.1f/%.1f  best %s %.1f/%.1f  heldout %.1f/%.1f %s%n",
                        variant, cur[0], cur[1], Arrays.toString(bestW), best[0], best[1], h1 / m, h3 / m, chosen);
                // top of grid
                List<double[]> scored = new ArrayList<>();
                for (double[] w : grid) {
                    double[] q = eval.apply(w, allCases);
                    scored.add(new double[] {w[0], w[1], w[2], q[0], q[1]});
                }
                scored.sort((x, y) -> Double.compare(y[3] + y[4], x[3] + x[4]));
                for (double[] s : scored.subList(0, 6)) System.out.printf("   %s%n", Arrays.toString(s));
            }
            // similarity separation: best max(D,B) of top-1 in-domain vs ood
            double[] inSim = new double[m];
            for (int i = 0; i < m; i++) {
                double mx = -1;
                for (int a = 0; a < n; a++) mx = Math.max(mx, Math.max(nz(D[i][a]), nz(B[i][a])));
                inSim[i] = mx;
            }
            double[] oodSim = new double[ood.size()];
            for (int j = 0; j < ood.size(); j++) {
                float[] q = Q[m + j];
                double mx = -1;
                for (int a = 0; a < n; a++) {
                    if (vs[a].description() != null) mx = Math.max(mx, dot(q, vs[a].description()));
                    for (float[] c : vs[a].body()) mx = Math.max(mx, dot(q, c));
                }
                oodSim[j] = mx;
            }
            Arrays.sort(inSim);
            Arrays.sort(oodSim);
            double thr = inSim[(int) Math.floor(0.04 * m)];
            int oodBelow = 0;
            for (double s : oodSim) if (s < thr) oodBelow++;
            System.out.printf(
                    "maxsim: in p5 %.3f p50 %.3f; ood p50 %.3f p95 %.3f; thr(in 4%%) %.3f -> ood below %d of %d%n",
                    inSim[(int) (0.05 * m)],
                    inSim[m / 2],
                    oodSim[oodSim.length / 2],
                    oodSim[(int) (0.95 * oodSim.length)],
                    thr,
                    oodBelow,
                    oodSim.length);
        }
    }

    static final Map<String, double[][][]> SIG = new LinkedHashMap<>();

    @org.junit.jupiter.api.AfterAll
    static void combos() {
        BenchCorpus corpus = BenchCorpus.load();
        int n = corpus.agents.size(), m = corpus.cases.size();
        int[] expected = new int[m];
        for (int i = 0; i < m; i++) {
            String e = corpus.cases.get(i).expected();
            for (int a = 0; a < n; a++) if (corpus.agents.get(a).name().equals(e)) expected[i] = a;
        }
        RankingWeights d0 = RankingWeights.DEFAULT;
        List<AgentDefinition> stripped = stripHandOffs(corpus.agents);
        for (double[] f :
                new double[][] {{1, 1, 2}, {1, 1, 3}, {1, 0.5, 2}, {0.5, 1, 2}, {2, 1, 2}, {1, 1, 4}, {-1, 1, 2}}) {
            LookupIndex kw = f[0] < 0
                    ? LookupIndex.build(stripped, new RankingWeights(1, f[1], f[2], 1, 0, 0, 0, 1))
                    : LookupIndex.build(corpus.agents, new RankingWeights(f[0], f[1], f[2], 1, 0, 0, 0, 1));
            double[][] K = new double[m][];
            for (int i = 0; i < m; i++)
                K[i] = kw.keywordScores(corpus.cases.get(i).query());
            double[][] Kz = z(K), Kmm = mm(K);
            List<String> combos = new ArrayList<>(SIG.keySet());
            combos.addAll(List.of(
                    "all-MiniLM-L6-v2-q+e5-small-v2-q",
                    "all-MiniLM-L6-v2-q+bge-small-en-v1.5-q",
                    "all-MiniLM-L6-v2-q+bge-small-en-v1.5-q+e5-small-v2-q"));
            for (String combo : combos) {
                List<String> ms = Arrays.asList(combo.split("\\+"));
                if (!SIG.keySet().containsAll(ms)) continue;
                double best = 0;
                String bestS = "";
                for (String norm : new String[] {"z", "mm"}) {
                    for (double wd : new double[] {0, 0.25, 0.5})
                        for (double wb : new double[] {0.5, 0.75, 1, 1.25})
                            for (double wm : new double[] {0, 0.25}) {
                                int t1 = 0, t3 = 0;
                                for (int i = 0; i < m; i++) {
                                    double[] tot = new double[n];
                                    for (int a = 0; a < n; a++) {
                                        tot[a] = norm.equals("z") ? Kz[i][a] : Kmm[i][a];
                                        for (String mo : ms) {
                                            double[][][] sg = SIG.get(mo);
                                            double sc = 1.0 / ms.size();
                                            if (norm.equals("z"))
                                                tot[a] += sc * (wd * sg[0][i][a] + wb * sg[1][i][a] + wm * sg[2][i][a]);
                                            else tot[a] += sc * (wd * sg[3][i][a] + wb * sg[4][i][a]);
                                        }
                                    }
                                    int r = rankOf(tot, expected[i]);
                                    t1 += r == 0 ? 1 : 0;
                                    t3 += r < 3 ? 1 : 0;
                                }
                                double q = 100.0 * (t1 + t3) / m;
                                if (q > best) {
                                    best = q;
                                    bestS = String.format(
                                            "%s wd %.2f wb %.2f wm %.2f -> %.1f/%.1f",
                                            norm, wd, wb, wm, 100.0 * t1 / m, 100.0 * t3 / m);
                                }
                            }
                }
                System.out.printf("fields %s %-45s %s%n", Arrays.toString(f), combo, bestS);
            }
        }
    }

    static List<AgentDefinition> stripHandOffs(List<AgentDefinition> agents) {
        Set<String> names = new HashSet<>();
        agents.forEach(a -> names.add(a.name()));
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)+");
        List<AgentDefinition> out = new ArrayList<>();
        int dropped = 0;
        for (AgentDefinition a : agents) {
            StringBuilder b = new StringBuilder();
            for (String line : a.systemPrompt().split("\n", -1)) {
                java.util.regex.Matcher mt = p.matcher(line);
                boolean other = false;
                while (mt.find())
                    other |= names.contains(mt.group()) && !mt.group().equals(a.name());
                if (other) {
                    dropped++;
                    continue;
                }
                b.append(line).append('\n');
            }
            out.add(new AgentDefinition(
                    a.name(),
                    a.description(),
                    a.examples(),
                    a.model(),
                    a.tools(),
                    a.color(),
                    a.extra(),
                    b.toString(),
                    a.source()));
        }
        System.out.println("hand-off lines dropped: " + dropped);
        return out;
    }

    static double[][] mm(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (double d : x[i])
                if (!Double.isNaN(d)) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            out[i] = new double[x[i].length];
            for (int a = 0; a < x[i].length; a++)
                out[i][a] = Double.isNaN(x[i][a]) || hi - lo < 1e-12 ? 0 : (x[i][a] - lo) / (hi - lo);
        }
        return out;
    }

    static double nz(double v) {
        return Double.isNaN(v) ? -1 : v;
    }

    static void addRrf(double[] tot, double[] s, double w) {
        if (w == 0) return;
        Integer[] idx = new Integer[s.length];
        for (int a = 0; a < s.length; a++) idx[a] = a;
        Arrays.sort(idx, (x, y) -> Double.compare(nz(s[y]), nz(s[x])));
        for (int r = 0; r < idx.length; r++) tot[idx[r]] += w / (60 + r + 1);
    }

    static int rankOf(double[] tot, int e) {
        int r = 0;
        for (int a = 0; a < tot.length; a++) if (tot[a] > tot[e] || (tot[a] == tot[e] && a < e)) r++;
        return r;
    }

    static double[][] z(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] v = x[i];
            double s = 0;
            int c = 0;
            for (double d : v)
                if (!Double.isNaN(d)) {
                    s += d;
                    c++;
                }
            double mean = c == 0 ? 0 : s / c, sq = 0;
            for (double d : v) if (!Double.isNaN(d)) sq += (d - mean) * (d - mean);
            double sd = c == 0 ? 0 : Math.sqrt(sq / c);
            out[i] = new double[v.length];
            for (int a = 0; a < v.length; a++) out[i][a] = sd < 1e-12 || Double.isNaN(v[a]) ? 0 : (v[a] - mean) / sd;
        }
        return out;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
