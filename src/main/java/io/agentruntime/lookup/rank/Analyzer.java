package io.agentruntime.lookup.rank;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Turns text into index terms: lowercase, a few technology spellings folded into words ("c++" is
 * "cpp"), split on anything that is not a letter or a digit, English stop words and one-character
 * tokens dropped, Porter stemming. Queries and agents go through the same analyzer.
 */
final class Analyzer {

    /** Common English function words and contractions. */
    private static final Set<String> STOP_WORDS = Set.of(
            "a",
            "about",
            "above",
            "after",
            "again",
            "against",
            "all",
            "also",
            "am",
            "an",
            "and",
            "any",
            "are",
            "as",
            "at",
            "be",
            "because",
            "been",
            "before",
            "being",
            "below",
            "between",
            "both",
            "but",
            "by",
            "can",
            "could",
            "did",
            "do",
            "does",
            "doing",
            "down",
            "during",
            "each",
            "either",
            "etc",
            "few",
            "for",
            "from",
            "further",
            "get",
            "got",
            "had",
            "has",
            "have",
            "having",
            "he",
            "her",
            "here",
            "hers",
            "herself",
            "him",
            "himself",
            "his",
            "how",
            "i",
            "if",
            "in",
            "into",
            "is",
            "it",
            "its",
            "itself",
            "just",
            "let",
            "me",
            "more",
            "most",
            "my",
            "myself",
            "no",
            "nor",
            "not",
            "now",
            "of",
            "off",
            "on",
            "once",
            "only",
            "or",
            "other",
            "our",
            "ours",
            "ourselves",
            "out",
            "over",
            "own",
            "please",
            "same",
            "she",
            "should",
            "so",
            "some",
            "such",
            "than",
            "that",
            "the",
            "their",
            "theirs",
            "them",
            "themselves",
            "then",
            "there",
            "these",
            "they",
            "this",
            "those",
            "through",
            "to",
            "too",
            "under",
            "until",
            "up",
            "us",
            "very",
            "was",
            "we",
            "were",
            "what",
            "when",
            "where",
            "which",
            "while",
            "who",
            "whom",
            "why",
            "will",
            "with",
            "would",
            "you",
            "your",
            "yours",
            "yourself",
            "yourselves",
            "i'm",
            "we're",
            "it's",
            "don't",
            "can't",
            "won't",
            "isn't",
            "aren't",
            "doesn't");

    /** The analyzer of the service: folding, stop words, stemming. */
    static final Analyzer STANDARD = new Analyzer(true);
    /** Lowercase, split and stop words only: what the benchmark's plain BM25 baseline uses. */
    static final Analyzer UNSTEMMED = new Analyzer(false);

    private final boolean stemming;

    private Analyzer(boolean stemming) {
        this.stemming = stemming;
    }

    /** The index terms of {@code text}, in order, repeats kept. */
    List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        forEachToken(text, token -> out.add(stem(token)));
        return out;
    }

    /**
     * Calls {@code sink} with each (surface word, index term) pair of {@code text}; the surface word is
     * the lowercased token as written, for explanations.
     */
    void forEachTerm(String text, BiConsumer<String, String> sink) {
        forEachToken(text, token -> sink.accept(token, stem(token)));
    }

    /** The index term of one token that {@link #forEachToken} gave. */
    String stem(String token) {
        return stemming ? PorterStemmer.stem(token) : token;
    }

    /** Calls {@code sink} with each token of {@code text}, lowercased, folded, stop words left out. */
    void forEachToken(String text, Consumer<String> sink) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String s = stemming ? fold(lower) : lower;
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && !isWordChar(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && (isWordChar(s.charAt(i)) || isInnerApostrophe(s, i))) {
                i++;
            }
            if (i - start < 2) {
                continue;
            }
            String token = s.substring(start, i);
            if (STOP_WORDS.contains(token)) {
                continue;
            }
            int apostrophe = Math.max(token.indexOf('\''), token.indexOf('\u2019'));
            if (apostrophe >= 0) {
                token = token.substring(0, apostrophe);
                if (token.length() < 2 || STOP_WORDS.contains(token)) {
                    continue;
                }
            }
            sink.accept(token);
        }
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c > 0x7f && Character.isLetterOrDigit(c));
    }

    private static boolean isInnerApostrophe(String s, int i) {
        char c = s.charAt(i);
        return (c == '\'' || c == '\u2019')
                && i + 1 < s.length()
                && isWordChar(s.charAt(i + 1))
                && i > 0
                && isWordChar(s.charAt(i - 1));
    }

    private static final Pattern CPP = Pattern.compile("(?<![a-z0-9])c\\+\\+");
    private static final Pattern CSHARP = Pattern.compile("(?<![a-z0-9])c#");
    private static final Pattern FSHARP = Pattern.compile("(?<![a-z0-9])f#");
    private static final Pattern DOTNET = Pattern.compile("\\.net(?![a-z0-9])");
    private static final Pattern DOT_JS = Pattern.compile("(?<=[a-z0-9])\\.js(?![a-z0-9])");

    /** Technology names whose punctuation carries the meaning, folded into words before splitting. */
    private static String fold(String s) {
        if (s.indexOf('+') >= 0) {
            s = CPP.matcher(s).replaceAll(" cpp ");
        }
        if (s.indexOf('#') >= 0) {
            s = FSHARP.matcher(CSHARP.matcher(s).replaceAll(" csharp ")).replaceAll(" fsharp ");
        }
        if (s.contains(".net")) {
            s = DOTNET.matcher(s).replaceAll(" dotnet ");
        }
        if (s.contains(".js")) {
            s = DOT_JS.matcher(s).replaceAll("js");
        }
        return s;
    }
}
