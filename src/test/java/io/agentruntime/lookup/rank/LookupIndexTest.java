package io.agentruntime.lookup.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.lookup.LookupHit;
import io.agentruntime.lookup.Verdict;
import io.agentruntime.lookup.embed.AgentText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keyword ranking and its explanations over a hand-made catalog. */
class LookupIndexTest {

    private final LookupIndex index = LookupIndex.build(LookupFixtures.agents(), RankingWeights.DEFAULT);

    private String first(String query) {
        List<LookupHit> hits = index.search(query, null, 5);
        assertThat(hits).as("hits for '%s'", query).isNotEmpty();
        return hits.get(0).name();
    }

    @Test
    void clearQueriesRankTheRightAgentFirst() {
        assertThat(first("Design the REST endpoints and versioning of our public API"))
                .isEqualTo("api-designer");
        assertThat(first("Our pods keep getting evicted and autoscaling does not kick in"))
                .isEqualTo("kubernetes-specialist");
        assertThat(first("This Postgres query is slow, which index should I add?"))
                .isEqualTo("postgres-pro");
        assertThat(first("Write a tutorial and release notes for version 2")).isEqualTo("technical-writer");
        assertThat(first("Check our login form for SQL injection vulnerabilities"))
                .isEqualTo("penetration-tester");
    }

    @Test
    void stemmingMatchesOtherFormsOfAWord() {
        // "deploying" meets "deployments", "indexed" meets "indexes".
        assertThat(first("deploying containers")).isEqualTo("kubernetes-specialist");
        assertThat(first("tables not indexed")).isEqualTo("postgres-pro");
    }

    @Test
    void hitsExplainThemselves() {
        LookupHit hit = index.search("Tune slow PostgreSQL queries with better indexes", null, 3)
                .get(0);

        assertThat(hit.name()).isEqualTo("postgres-pro");
        assertThat(hit.description()).startsWith("Tunes PostgreSQL databases");
        assertThat(hit.matchedTerms()).containsExactly("tune", "slow", "postgresql", "queries", "indexes");
        assertThat(hit.passages())
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(3)
                .allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(AgentText.PASSAGE_CHARS));
        assertThat(hit.passages().get(0)).containsIgnoringCase("queries");
        assertThat(hit.signals()).containsOnlyKeys("bm25");
        assertThat(hit.signals().get("bm25")).isPositive();
        assertThat(hit.score()).isEqualTo(hit.signals().get("bm25"));
    }

    @Test
    void resultsAreOrderedAndLimited() {
        List<LookupHit> hits = index.search("production security testing documentation", null, 2);

        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
    }

    @Test
    void nothingMatchesNothing() {
        assertThat(index.search("zzyzx qwerty", null, 5)).isEmpty();
        assertThat(index.search("the and of", null, 5)).isEmpty();
        assertThat(LookupIndex.build(List.of(), RankingWeights.DEFAULT).search("api", null, 5))
                .isEmpty();
    }

    @Test
    void longLinesAreTrimmedAroundTheMatch() {
        String line = "word ".repeat(100) + "kubernetes " + "tail ".repeat(100);

        String trimmed = AgentText.trim(line, new String[] {"kubernetes"});

        assertThat(trimmed).contains("kubernetes").startsWith("…").endsWith("…");
        assertThat(trimmed.length()).isLessThanOrEqualTo(AgentText.PASSAGE_CHARS);
    }

    @Test
    void analyzerFoldsStemsAndDropsStopWords() {
        assertThat(Analyzer.STANDARD.terms("The C++ and C# services on .NET with Next.js"))
                .containsExactly("cpp", "csharp", "servic", "dotnet", "nextj");
        assertThat(Analyzer.STANDARD.terms("config.json")).containsExactly("config", "json");
        assertThat(PorterStemmer.stem("deployments")).isEqualTo(PorterStemmer.stem("deploying"));
        assertThat(PorterStemmer.stem("relational")).isEqualTo("relat");
        assertThat(PorterStemmer.stem("generalization")).isEqualTo("gener");
        assertThat(PorterStemmer.stem("hopping")).isEqualTo("hop");
        assertThat(PorterStemmer.stem("caresses")).isEqualTo("caress");
    }

    @Test
    void aClearRequestIsConfidentAndItsConfidenceFallsDownTheList() {
        LookupIndex.Ranking r =
                index.rank("Our pods keep getting evicted and autoscaling does not kick in on Kubernetes", null, 5);
        assertThat(r.verdict().kind()).isEqualTo(Verdict.CONFIDENT);
        assertThat(r.verdict().agents()).containsExactly("kubernetes-specialist");
        assertThat(r.hits()).isNotEmpty();
        for (int i = 0; i < r.hits().size(); i++) {
            assertThat(r.hits().get(i).confidence()).isBetween(0.0, 1.0);
            if (i > 0) {
                assertThat(r.hits().get(i).confidence())
                        .isLessThanOrEqualTo(r.hits().get(i - 1).confidence());
            }
        }
    }

    @Test
    void requestsNoAgentCoversAreNoMatch() {
        for (String query : List.of("Bake me a sourdough loaf", "hi", "Which wine goes with grilled salmon?", "?")) {
            assertThat(index.rank(query, null, 5).verdict().kind()).as(query).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void twoAgentsAlikeAreAmbiguousAndBothNamed() {
        List<io.agentruntime.agent.AgentDefinition> agents = new java.util.ArrayList<>(LookupFixtures.agents());
        agents.add(LookupFixtures.agent(
                "kubernetes-expert",
                "Kubernetes specialist for pods, deployments, autoscaling and evictions.",
                "You run Kubernetes clusters: pods, deployments, autoscaling, evictions, Helm."));
        agents.add(LookupFixtures.agent(
                "kubernetes-guru",
                "Kubernetes specialist for pods, deployments, autoscaling and evictions.",
                "You run Kubernetes clusters: pods, deployments, autoscaling, evictions, Helm."));
        LookupIndex twins = LookupIndex.build(agents, RankingWeights.DEFAULT);

        Verdict v = twins.rank("Our pods keep getting evicted and autoscaling does not kick in", null, 1)
                .verdict();

        assertThat(v.kind()).isEqualTo(Verdict.AMBIGUOUS);
        assertThat(v.agents()).containsExactlyInAnyOrder("kubernetes-expert", "kubernetes-guru");
        assertThat(v.reason())
                .contains("kubernetes-expert")
                .contains("kubernetes-guru")
                .contains("near-duplicates");
        assertThat(index.rank("Our pods keep getting evicted and autoscaling does not kick in", null, 2)
                        .verdict()
                        .reason())
                .doesNotContain("near-duplicates");
    }
}
