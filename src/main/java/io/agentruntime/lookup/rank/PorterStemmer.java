package io.agentruntime.lookup.rank;

/**
 * Martin Porter's 1980 suffix-stripping algorithm, so that "deploying", "deployment" and "deploys"
 * meet in one index term; a final y is treated as in his later English (Porter2) stemmer. Works on lowercase ASCII words; anything else is returned unchanged.
 * Not thread-hostile: every call works on its own buffer.
 */
final class PorterStemmer {

    private PorterStemmer() {}

    static String stem(String word) {
        if (word.length() <= 2 || !isLowerAscii(word)) {
            return word;
        }
        Word w = new Word(word);
        w.step1a();
        w.step1b();
        w.step1c();
        w.step2();
        w.step3();
        w.step4();
        w.step5();
        return w.toString();
    }

    private static boolean isLowerAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    /** The word being stemmed: a char buffer whose live part is {@code [0, end)}. */
    private static final class Word {
        private final char[] b;
        private int end;

        Word(String s) {
            b = s.toCharArray();
            end = b.length;
        }

        @Override
        public String toString() {
            return new String(b, 0, end);
        }

        private boolean consonant(int i) {
            return switch (b[i]) {
                case 'a', 'e', 'i', 'o', 'u' -> false;
                case 'y' -> i == 0 || !consonant(i - 1);
                default -> true;
            };
        }

        /** The number of vowel-consonant sequences in {@code [0, stemEnd)}. */
        private int measure(int stemEnd) {
            int i = 0;
            while (i < stemEnd && consonant(i)) {
                i++;
            }
            int m = 0;
            while (i < stemEnd) {
                while (i < stemEnd && !consonant(i)) {
                    i++;
                }
                if (i >= stemEnd) {
                    break;
                }
                while (i < stemEnd && consonant(i)) {
                    i++;
                }
                m++;
            }
            return m;
        }

        private boolean hasVowel(int stemEnd) {
            for (int i = 0; i < stemEnd; i++) {
                if (!consonant(i)) {
                    return true;
                }
            }
            return false;
        }

        private boolean doubleConsonant(int at) {
            return at >= 1 && b[at] == b[at - 1] && consonant(at);
        }

        /** Consonant-vowel-consonant ending at {@code at}, the last not w, x or y. */
        private boolean cvc(int at) {
            if (at < 2 || !consonant(at) || consonant(at - 1) || !consonant(at - 2)) {
                return false;
            }
            char c = b[at];
            return c != 'w' && c != 'x' && c != 'y';
        }

        private boolean endsWith(String suffix) {
            int n = suffix.length();
            if (n > end) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (b[end - n + i] != suffix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** Replaces {@code suffix} (known to end the word) by {@code replacement}. */
        private void replace(String suffix, String replacement) {
            int start = end - suffix.length();
            for (int i = 0; i < replacement.length(); i++) {
                b[start + i] = replacement.charAt(i);
            }
            end = start + replacement.length();
        }

        /** Replaces the first matching suffix of the pairs when the stem before it has measure > minMeasure. */
        private boolean replaceIfMeasure(String[][] rules, int minMeasure) {
            for (String[] rule : rules) {
                if (endsWith(rule[0])) {
                    if (measure(end - rule[0].length()) > minMeasure) {
                        replace(rule[0], rule[1]);
                    }
                    return true;
                }
            }
            return false;
        }

        void step1a() {
            if (endsWith("sses")) {
                replace("sses", "ss");
            } else if (endsWith("ies")) {
                replace("ies", "i");
            } else if (endsWith("ss")) {
                // unchanged
            } else if (endsWith("s")) {
                replace("s", "");
            }
        }

        void step1b() {
            if (endsWith("eed")) {
                if (measure(end - 3) > 0) {
                    replace("eed", "ee");
                }
                return;
            }
            String suffix = endsWith("ed") ? "ed" : endsWith("ing") ? "ing" : null;
            if (suffix == null || !hasVowel(end - suffix.length())) {
                return;
            }
            replace(suffix, "");
            if (endsWith("at") || endsWith("bl") || endsWith("iz")) {
                b[end] = 'e';
                end++;
            } else if (doubleConsonant(end - 1)) {
                char c = b[end - 1];
                if (c != 'l' && c != 's' && c != 'z') {
                    end--;
                }
            } else if (measure(end) == 1 && cvc(end - 1)) {
                b[end] = 'e';
                end++;
            }
        }

        /** A final y after a consonant becomes i ("happy", "happiness"); after a vowel it stays ("deploy"). */
        void step1c() {
            if (end > 2 && b[end - 1] == 'y' && consonant(end - 2)) {
                b[end - 1] = 'i';
            }
        }

        private static final String[][] STEP2 = {
            {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"},
            {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"},
            {"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"},
            {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"},
            {"logi", "log"},
        };

        void step2() {
            replaceIfMeasure(STEP2, 0);
        }

        private static final String[][] STEP3 = {
            {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""},
        };

        void step3() {
            replaceIfMeasure(STEP3, 0);
        }

        private static final String[] STEP4 = {
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
            "iti", "ous", "ive", "ize",
        };

        void step4() {
            // Longest match first among suffixes sharing an ending ("ement" before "ment" before "ent").
            String found = null;
            for (String s : STEP4) {
                if (endsWith(s) && (found == null || s.length() > found.length())) {
                    found = s;
                }
            }
            if (found == null) {
                return;
            }
            int stemEnd = end - found.length();
            if (measure(stemEnd) <= 1) {
                return;
            }
            if (found.equals("ion") && (stemEnd == 0 || (b[stemEnd - 1] != 's' && b[stemEnd - 1] != 't'))) {
                return;
            }
            end = stemEnd;
        }

        void step5() {
            if (endsWith("e")) {
                int m = measure(end - 1);
                if (m > 1 || (m == 1 && !cvc(end - 2))) {
                    end--;
                }
            }
            if (end > 1 && b[end - 1] == 'l' && doubleConsonant(end - 1) && measure(end) > 1) {
                end--;
            }
        }
    }
}
