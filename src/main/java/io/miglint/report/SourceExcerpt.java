package io.miglint.report;

import io.miglint.rule.Location;
import io.miglint.sql.SourceText;
import java.util.List;

/**
 * The source lines a finding points at, with a caret under its span, as the text report shows them:
 * <pre>
 *    |
 * 12 | CREATE INDEX orders_status ON orders (status);
 *    | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
 * </pre>
 * Every character passes {@link Escape#sourcePieces} (tabs expanded, control and bidi characters as visible escapes),
 * so carets line up with what the terminal shows. A span over more than {@value #MAX_LINES} lines shows its first
 * {@value #HEAD_LINES} and its last; a line wider than {@value #MAX_WIDTH} columns is clipped around the span, with
 * {@code ...} where text is left out. Characters inside a {@code secrets} range are shown as {@code *}: the rule that
 * found a literal password masks it in its message, and the excerpt must not print it back.
 */
final class SourceExcerpt {
    static final int MAX_WIDTH = 100;
    static final int MAX_LINES = 3;
    static final int HEAD_LINES = 2;
    static final int TAB_WIDTH = 4;
    /** Columns of context kept before the span when a long line is clipped. */
    static final int CONTEXT = 16;

    static final String ELLIPSIS = "...";
    /** Chars of a line escaped and measured at most, around the span (see {@link #renderLine}). */
    static final int LONG_LINE = 4 * MAX_WIDTH;

    /** ANSI sequences for the gutter and the carets, or empty strings without colour. */
    record Paint(String gutter, String carets, String reset) {
        static final Paint NONE = new Paint("", "", "");
    }

    private SourceExcerpt() {}

    /** Offsets {@code [start, end)} in the file's text that are never shown (a literal secret). */
    record Range(int start, int end) {}

    /**
     * The gutter width {@link #render} will use for {@code at}, or 0 when it shows nothing: a finding about the whole
     * file, or a location outside the text (the file changed since it was linted).
     */
    static int gutterWidth(SourceText source, Location at) {
        if (source == null || at.isWholeFile() || at.line() < 1 || at.line() > source.lineCount()) {
            return 0;
        }
        return digits(lastLine(source, at));
    }

    /** Appends the excerpt of {@code at}, each line ending in {@code \n}; nothing when {@link #gutterWidth} is 0. */
    static void render(StringBuilder sb, SourceText source, Location at, List<Range> secrets, Paint paint) {
        int width = gutterWidth(source, at);
        if (width == 0) {
            return;
        }
        String pad = " ".repeat(width);
        int first = at.line();
        int last = lastLine(source, at);
        gutter(sb, pad, paint).append('\n');
        for (int line = first; line <= last; line++) {
            if (last - first + 1 > MAX_LINES && line == first + HEAD_LINES) {
                sb.append(paint.gutter()).append(ELLIPSIS).append(paint.reset()).append('\n');
                line = last;
            }
            renderLine(sb, source, at, line, first, last, pad, secrets, paint);
        }
    }

    private static void renderLine(
            StringBuilder sb,
            SourceText source,
            Location at,
            int line,
            int first,
            int last,
            String pad,
            List<Range> secrets,
            Paint paint) {
        int start = source.lineStart(line);
        String text = source.text();
        int length = lineEnd(source, line) - start;
        while (length > 0 && (text.charAt(start + length - 1) == ' ' || text.charAt(start + length - 1) == '\t')) {
            length--;
        }
        // The part of the span on this line, in chars: from the span's start (its first line) or the first
        // non-blank character, to the span's end (its last line) or the end of the line's text.
        int from = line == first ? Math.min(at.column() - 1, length) : firstNonBlank(text, start, length);
        int to = line == at.endLine() ? Math.min(Math.max(0, at.endColumn() - 1), length) : length;
        boolean caret = from >= to && first == last;
        // Of a very long line (generated SQL on one line), only the chars around the span are escaped and measured:
        // what is further away is clipped anyway, and a file of many findings on one such line stays linear.
        int cut = 0;
        int kept = length;
        if (length > LONG_LINE) {
            cut = Math.max(0, from - MAX_WIDTH);
            kept = Math.min(length - cut, LONG_LINE);
        }
        boolean cutLeft = cut > 0;
        boolean cutRight = cut + kept < length;
        int base = start + cut;
        from = Math.max(0, from - cut);
        to = Math.max(from, Math.min(kept, to - cut));
        String[] pieces = Escape.sourcePieces(text.subSequence(base, base + kept), TAB_WIDTH);
        for (Range r : secrets) {
            for (int i = Math.max(r.start(), base); i < Math.min(r.end(), base + kept); i++) {
                pieces[i - base] = pieces[i - base].isEmpty() ? "" : "*";
            }
        }
        int[] col = new int[kept + 1];
        for (int i = 0; i < kept; i++) {
            col[i + 1] = col[i] + Escape.columns(pieces[i]);
        }
        int us = col[from];
        int ue = from < to ? col[to] : us + (caret ? 1 : 0);
        String number = String.valueOf(line);
        sb.append(paint.gutter())
                .append(" ".repeat(pad.length() - number.length()))
                .append(number)
                .append(" |")
                .append(paint.reset());
        if (kept == 0) {
            sb.append('\n');
            if (ue > us) {
                gutter(sb, pad, paint)
                        .append(' ')
                        .append(paint.carets())
                        .append('^')
                        .append(paint.reset())
                        .append('\n');
            }
            return;
        }
        int total = col[kept];
        int ws = 0;
        int we = total;
        boolean left = cutLeft;
        boolean right = cutRight;
        if (total > MAX_WIDTH || cutLeft || cutRight) {
            // The line's start (usually its statement's) stays in view while the span starts in its first half.
            if ((ue > MAX_WIDTH - ELLIPSIS.length() && us > MAX_WIDTH / 2) || cutLeft) {
                ws = Math.max(0, Math.min(us - CONTEXT, total - (MAX_WIDTH - ELLIPSIS.length())));
            }
            left |= ws > 0;
            int budget = MAX_WIDTH - (left ? ELLIPSIS.length() : 0);
            if (total - ws > budget || cutRight) {
                right = true;
                we = Math.min(total, ws + budget - ELLIPSIS.length());
            }
        }
        int a = 0;
        while (a < kept && col[a] < ws) {
            a++;
        }
        int b = a;
        while (b < kept && col[b + 1] <= we) {
            b++;
        }
        sb.append(' ');
        if (left) {
            sb.append(paint.gutter()).append(ELLIPSIS).append(paint.reset());
        }
        for (int i = a; i < b; i++) {
            sb.append(pieces[i]);
        }
        if (right) {
            sb.append(paint.gutter()).append(ELLIPSIS).append(paint.reset());
        }
        sb.append('\n');
        if (ue <= us) {
            return;
        }
        int shift = col[a] - (left ? ELLIPSIS.length() : 0);
        int cs = Math.max(us, col[a]) - shift;
        int ce = (b == kept ? ue : Math.min(ue, col[b])) - shift;
        gutter(sb, pad, paint)
                .append(' ')
                .append(" ".repeat(cs))
                .append(paint.carets())
                .append("^".repeat(Math.max(1, ce - cs)))
                .append(paint.reset())
                .append('\n');
    }

    private static StringBuilder gutter(StringBuilder sb, String pad, Paint paint) {
        return sb.append(paint.gutter()).append(pad).append(" |").append(paint.reset());
    }

    /** The last line shown: the span's end line, or the line before when the span ends where a line starts. */
    private static int lastLine(SourceText source, Location at) {
        int last = Math.max(at.line(), Math.min(at.endLine(), source.lineCount()));
        if (last > at.line() && at.endLine() <= source.lineCount() && at.endColumn() <= 1) {
            last--;
        }
        return last;
    }

    /** Where the line's text ends, before its line break ({@code \n}, {@code \r\n} or {@code \r}). */
    private static int lineEnd(SourceText source, int line) {
        String text = source.text();
        int end = line < source.lineCount() ? source.lineStart(line + 1) : text.length();
        if (end > source.lineStart(line) && text.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > source.lineStart(line) && text.charAt(end - 1) == '\r') {
            end--;
        }
        return end;
    }

    private static int firstNonBlank(String text, int start, int length) {
        int i = 0;
        while (i < length && (text.charAt(start + i) == ' ' || text.charAt(start + i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int digits(int n) {
        return String.valueOf(n).length();
    }
}
