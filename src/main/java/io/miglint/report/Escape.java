package io.miglint.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.CharBuffer;
import java.util.Locale;

/**
 * The one place where text from migrations, file names, configuration and database messages is made safe to show.
 * Every reporter and the stderr printer go through it (docs/security.md, "Output and files"):
 * <ul>
 * <li>control characters (C0, DEL, C1: ESC, BEL, the start of an OSC sequence) are shown as {@code \x1b};</li>
 * <li>a line break inside a value is shown as {@code \n} / {@code \r}, a tab as {@code \t};</li>
 * <li>bidirectional overrides, isolates and marks (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C) and the
 * Unicode line and paragraph separators are shown as {@code \u202e};</li>
 * <li>a {@code :} that would be the first visible character of a line is shown as {@code \x3a}, so no line starts a
 * GitHub workflow command ({@code ::error::}, the runner ignores leading blanks), and the {@code [} of {@code ##[} as
 * {@code \x5b}, which the runner obeys anywhere in a line.</li>
 * </ul>
 * The escapes are for a reader, not reversible: a backslash in the data is left as it is. JSON and SARIF keep the
 * exact value (JSON escaping is lossless) and write the same characters as {@code \u001b} escapes, see
 * {@link #jsonEscapes()} and {@link #json(String)}.
 */
public final class Escape {
    private static final CharacterEscapes JSON = new JsonEscapes();

    private Escape() {}

    /** A value shown on one line (text, github and markdown reports, stderr): nothing in it can start a new line. */
    public static String inline(String text) {
        if (text == null || plain(text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        escapeInto(sb, text, new LineState(), false);
        return sb.toString();
    }

    /**
     * Text whose line breaks are structure (a finding's help, which may show a corrected statement): each line is
     * {@link #inline} on its own, joined by {@code separator} (an indented newline, {@code %0A}, {@code <br>}).
     */
    public static String lines(String text, String separator) {
        String stripped = text.strip();
        StringBuilder sb = new StringBuilder(stripped.length() + 16);
        // By hand rather than split("\\r\\n|\\r|\\n"): a long report escapes thousands of helps, most of one line.
        int start = 0;
        for (int i = 0; i <= stripped.length(); i++) {
            char c = i < stripped.length() ? stripped.charAt(i) : '\n';
            if (c == '\n' || c == '\r') {
                if (start > 0) {
                    sb.append(separator);
                }
                sb.append(inline(start == 0 && i == stripped.length() ? stripped : stripped.substring(start, i)));
                if (c == '\r' && i + 1 < stripped.length() && stripped.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        return sb.toString();
    }

    /**
     * Text for a markdown table cell or list item: {@link #inline} first, then HTML-significant characters as
     * entities (a message quoting {@code <details>} must not open one) and markdown punctuation backslash-escaped, so
     * a {@code |} cannot end the cell and a {@code *} or {@code [} cannot format or link.
     */
    public static String markdown(String text) {
        String shown = inline(text.strip());
        StringBuilder sb = new StringBuilder(shown.length() + 16);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '|', '`', '\\', '*', '_', '[', ']', '#', '~' ->
                    sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A value as a markdown code span: {@link #inline} first; the fence is one backtick longer than any run of
     * backticks inside, so none closes it; inside a table row a {@code |} is written {@code \|}, the one escape GitHub
     * applies inside code spans there. Nothing inside a code span is markup, so {@code <} needs no entity.
     */
    public static String markdownCode(String text, boolean inTable) {
        String shown = inline(text);
        if (inTable) {
            shown = shown.replace("|", "\\|");
        }
        int longest = 0;
        int run = 0;
        for (int i = 0; i < shown.length(); i++) {
            run = shown.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = shown.startsWith("`") || shown.endsWith("`") || shown.isBlank() ? " " : "";
        return fence + pad + shown + pad + fence;
    }

    /**
     * Serialized JSON with {@code ##[} written {@code ##\u005b}: JSON printed to a runner's log is read for commands
     * too. Outside strings JSON has no {@code #}, so this only touches string content, and losslessly.
     */
    public static String json(String serialized) {
        return serialized.contains("##[") ? serialized.replace("##[", "##\\u005b") : serialized;
    }

    /** Jackson escapes for JSON and SARIF: DEL, C1 and the characters above as {@code \u009b}, losslessly. */
    public static CharacterEscapes jsonEscapes() {
        return JSON;
    }

    /**
     * Wraps stderr: whatever is printed (an exception message, a library's error, a picocli message) passes the same
     * rules, with the printer's own line breaks kept. {@link #raw} gives the unwrapped writer for miglint's own
     * terminal control (the verify progress line).
     */
    public static PrintWriter guard(PrintWriter err) {
        return err instanceof Guarded ? err : new Guarded(err);
    }

    /** The writer behind {@link #guard}; the argument itself when it is not guarded. */
    public static PrintWriter raw(PrintWriter err) {
        return err instanceof Guarded g ? g.raw : err;
    }

    /** The printable ASCII characters as one-character strings, so a source line's pieces need no allocation each. */
    private static final String[] ASCII = new String[0x7f];

    static {
        for (char c = 0x20; c < 0x7f; c++) {
            ASCII[c] = String.valueOf(c);
        }
    }

    /**
     * A line of a migration as a source excerpt shows it (the text report's caret lines), character by character:
     * element {@code i} is what char {@code i} of {@code line} is shown as, by the same rules as {@link #inline}
     * (control, bidi and separator characters and the {@code [} of {@code ##[} as visible escapes) except that a tab is
     * expanded to spaces up to the next multiple of {@code tabWidth} columns. A surrogate pair is carried by its high
     * half; its low half is {@code ""}. The excerpt's gutter ({@code 12 | }) comes first on the output line, so a
     * {@code :} is never its first visible character and is shown as it is. {@link #columns} of the pieces add up to
     * where each character starts on a terminal, which is where a caret goes under it.
     */
    public static String[] sourcePieces(CharSequence line, int tabWidth) {
        String[] pieces = new String[line.length()];
        LineState state = new LineState();
        state.lineHasText = true;
        int column = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            String piece;
            if (c == '\t') {
                piece = " ".repeat(tabWidth - column % tabWidth);
                state.shown(' ');
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < line.length()
                    && Character.isLowSurrogate(line.charAt(i + 1))) {
                piece = new String(new char[] {c, line.charAt(i + 1)});
                pieces[i + 1] = "";
                state.shown(c);
            } else {
                String escaped = escapeOf(c, state);
                if (escaped == null) {
                    piece = c < 0x7f ? ASCII[c] : String.valueOf(c);
                    state.shown(c);
                } else {
                    piece = escaped;
                    state.shown(escaped);
                }
            }
            pieces[i] = piece;
            column += columns(piece);
            if (piece.length() == 2 && Character.isHighSurrogate(piece.charAt(0))) {
                i++;
            }
        }
        return pieces;
    }

    /**
     * How many terminal columns shown text takes: East Asian wide and fullwidth characters and emoji two, combining
     * marks and other zero-width characters none, everything else one (what {@code wcwidth} answers for the common
     * cases; a terminal may still differ for rare ones, which only moves a caret).
     */
    public static int columns(String shown) {
        int width = 0;
        for (int i = 0; i < shown.length(); ) {
            int cp = shown.codePointAt(i);
            i += Character.charCount(cp);
            width += columnsOf(cp);
        }
        return width;
    }

    private static int columnsOf(int cp) {
        if (cp < 0x300) {
            return 1;
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || type == Character.FORMAT
                || cp >= 0x1160 && cp <= 0x11ff) {
            return 0;
        }
        boolean wide = cp >= 0x1100 && cp <= 0x115f
                || cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f
                || cp >= 0xac00 && cp <= 0xd7a3
                || cp >= 0xf900 && cp <= 0xfaff
                || cp >= 0xfe30 && cp <= 0xfe4f
                || cp >= 0xff00 && cp <= 0xff60
                || cp >= 0xffe0 && cp <= 0xffe6
                || cp >= 0x1f300 && cp <= 0x1f64f
                || cp >= 0x1f900 && cp <= 0x1f9ff
                || cp >= 0x20000 && cp <= 0x3fffd;
        return wide ? 2 : 1;
    }

    /** Whether the character is shown escaped: control characters, bidi controls, line and paragraph separators. */
    static boolean unsafe(char c) {
        return c < 0x20
                || c >= 0x7f && c < 0xa0
                || c == 0x061c
                || c == 0x200e
                || c == 0x200f
                || c >= 0x2028 && c <= 0x202e
                || c >= 0x2066 && c <= 0x2069;
    }

    private static boolean plain(String text) {
        boolean blank = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c) || c == '[' || c == ':' && blank) {
                return false;
            }
            blank &= c == ' ';
        }
        return true;
    }

    /** Where a stream of text stands: whether its current line has shown a character, and the last two shown. */
    private static final class LineState {
        boolean lineHasText;
        char last;
        char beforeLast;

        void shown(String s) {
            for (int i = 0; i < s.length(); i++) {
                shown(s.charAt(i));
            }
        }

        void shown(char c) {
            beforeLast = last;
            last = c;
            if (c != ' ') {
                lineHasText = true;
            }
        }

        void newLine() {
            lineHasText = false;
            last = 0;
            beforeLast = 0;
        }
    }

    /** What {@code c} is shown as where {@code state} stands, or null when it is shown as it is (a tab: see callers). */
    private static String escapeOf(char c, LineState state) {
        if (c == '\t') {
            return "\\t";
        } else if (c == '\n') {
            return "\\n";
        } else if (c == '\r') {
            return "\\r";
        } else if (c < 0x20 || c >= 0x7f && c < 0xa0) {
            return String.format(Locale.ROOT, "\\x%02x", (int) c);
        } else if (unsafe(c)) {
            return String.format(Locale.ROOT, "\\u%04x", (int) c);
        } else if (c == ':' && !state.lineHasText) {
            return "\\x3a";
        } else if (c == '[' && state.last == '#' && state.beforeLast == '#') {
            return "\\x5b";
        }
        return null;
    }

    private static void escapeInto(StringBuilder sb, CharSequence text, LineState state, boolean keepLineBreaks) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (keepLineBreaks && (c == '\n' || c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n')) {
                sb.append(c);
                if (c == '\n') {
                    state.newLine();
                }
                continue;
            }
            String escaped = c == '\t' && keepLineBreaks ? null : escapeOf(c, state);
            if (escaped == null) {
                sb.append(c);
                if (c != '\t') {
                    state.shown(c);
                }
            } else {
                sb.append(escaped);
                state.shown(escaped);
            }
        }
    }

    /** stderr through {@link #escapeInto}, keeping line breaks; the state carries over between writes. */
    private static final class Guarded extends PrintWriter {
        final PrintWriter raw;

        Guarded(PrintWriter raw) {
            super(new GuardWriter(raw), true);
            this.raw = raw;
        }
    }

    private static final class GuardWriter extends Writer {
        private final Writer out;
        private final LineState state = new LineState();

        GuardWriter(Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            StringBuilder sb = new StringBuilder(len + 16);
            synchronized (state) {
                escapeInto(sb, CharBuffer.wrap(buf, off, len), state, true);
            }
            out.write(sb.toString());
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class JsonEscapes extends CharacterEscapes {
        private final int[] ascii;

        JsonEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch < 0x10000 && unsafe((char) ch)
                    ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch))
                    : null;
        }
    }
}
