package io.miglint.layout;

import java.util.List;

/**
 * A script that is part of a file's text but not a plain slice of it: Liquibase's {@code --rollback} lines (the SQL
 * after the marker), the {@code sql:} value of a YAML changelog or the text of an XML {@code <sql>} element. The view
 * keeps the file's length and line breaks, blanks everything else to spaces and shows each part where it is written,
 * so statements, findings and server errors keep their real line and column in the file.
 *
 * @param parts the visible ranges of the file, in order and not overlapping
 */
public record TextView(List<Part> parts) {

    /**
     * One visible range. {@code replacement} is null when the file's own text shows; otherwise it stands for the range
     * (an XML entity {@code &lt;} read as {@code <}) and is padded with spaces to the range's length.
     */
    public record Part(int start, int end, String replacement) {
        public Part(int start, int end) {
            this(start, end, null);
        }
    }

    public TextView {
        parts = List.copyOf(parts);
    }

    /** The file's text as this view shows it: same length, same line breaks, only the parts visible. */
    public String apply(String text) {
        char[] out = new char[text.length()];
        for (int i = 0; i < out.length; i++) {
            char c = text.charAt(i);
            out[i] = c == '\n' || c == '\r' ? c : ' ';
        }
        for (Part p : parts) {
            int from = Math.max(0, Math.min(p.start(), out.length));
            int to = Math.max(from, Math.min(p.end(), out.length));
            if (p.replacement() == null) {
                text.getChars(from, to, out, from);
            } else {
                String r = p.replacement();
                for (int i = 0; i < r.length() && from + i < to; i++) {
                    out[from + i] = r.charAt(i);
                }
            }
        }
        return new String(out);
    }

    /** Where the view's text begins in the file (its first part), or 0. */
    public int start() {
        return parts.isEmpty() ? 0 : parts.get(0).start();
    }

    /** Where it ends (its last part's end), or 0. */
    public int end() {
        return parts.isEmpty() ? 0 : parts.get(parts.size() - 1).end();
    }
}
