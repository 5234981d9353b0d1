package io.miglint.engine;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …" for a mistyped name (a rule id, a layout): the closest known name by edit distance, when it is
 * close enough to be the one meant. Twenty lines of Levenshtein rather than a dependency: picocli suggests only its
 * own commands and options, and nothing on the classpath offers string distances.
 */
public final class Suggestion {
    private Suggestion() {}

    /**
     * The known name closest to {@code typed}, if at most a quarter of its letters (and at least 2) differ; else the
     * one known name that begins with it (at least 4 letters typed: {@code lock-timeout} for
     * {@code lock-timeout-missing}).
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(t, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, t.length() / 4)) {
            return Optional.of(best);
        }
        List<String> extending = t.length() < 4
                ? List.of()
                : known.stream()
                        .filter(k -> k.toLowerCase(Locale.ROOT).startsWith(t))
                        .toList();
        return extending.size() == 1 ? Optional.of(extending.get(0)) : Optional.empty();
    }

    /** " (did you mean 'x'?)" or "". */
    public static String didYouMean(String typed, Collection<String> known) {
        return closest(typed, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                row[j] = Math.min(substitution, Math.min(previous[j], row[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = row;
            row = swap;
        }
        return previous[b.length()];
    }
}
