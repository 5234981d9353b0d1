package io.miglint.report;

import java.util.Locale;
import java.util.Set;

/**
 * The first sentence of a finding's help, what the text report shows unless {@code --verbose}: helps say the safe
 * alternative first and then the details (a second migration, how to retry a failed build), so the first sentence is
 * the part to read in a long report.
 *
 * <p>A sentence ends at a {@code .}, {@code !} or {@code ?} followed by a space or the end, outside code spans
 * ({@code `…`}, which hold SQL whose {@code ;} and {@code .} belong to it) and outside parentheses, unless it ends an
 * abbreviation ({@code e.g.}) or the next word starts in lower case (a file name such as {@code .miglint.yaml} in
 * mid-sentence); or at a line break outside a code span (what follows is a block, e.g. a corrected statement).
 */
final class HelpSentence {
    private static final Set<String> ABBREVIATIONS = Set.of("e.g.", "i.e.", "etc.", "vs.", "cf.", "approx.");

    private HelpSentence() {}

    static String first(String help) {
        String text = help.strip();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '`') {
                int run = run(text, i);
                int close = closing(text, i + run, run);
                if (close >= 0) {
                    i = close + run - 1;
                    continue;
                }
                i += run - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == '\n' || c == '\r') {
                return text.substring(0, i).strip();
            } else if (depth == 0 && (c == '.' || c == '!' || c == '?') && ends(text, i)) {
                return text.substring(0, i + 1);
            }
        }
        return text;
    }

    private static boolean ends(String text, int at) {
        if (at + 1 < text.length() && !Character.isWhitespace(text.charAt(at + 1))) {
            return false;
        }
        int next = at + 1;
        while (next < text.length() && text.charAt(next) == ' ') {
            next++;
        }
        if (next < text.length() && Character.isLowerCase(text.charAt(next))) {
            return false;
        }
        int word = at;
        while (word > 0 && !Character.isWhitespace(text.charAt(word - 1)) && text.charAt(word - 1) != '(') {
            word--;
        }
        return !ABBREVIATIONS.contains(text.substring(word, at + 1).toLowerCase(Locale.ROOT));
    }

    private static int run(String text, int at) {
        int n = 0;
        while (at + n < text.length() && text.charAt(at + n) == '`') {
            n++;
        }
        return n;
    }

    /** Where a run of exactly {@code n} backticks starts at or after {@code from}, or -1 (then none is a span). */
    private static int closing(String text, int from, int n) {
        for (int i = from; i < text.length(); ) {
            if (text.charAt(i) == '`') {
                int r = run(text, i);
                if (r == n) {
                    return i;
                }
                i += r;
            } else {
                i++;
            }
        }
        return -1;
    }
}
