package io.miglint.sql;

/**
 * A region of one source text. Offsets are char indexes into the decoded text, {@code start} inclusive and
 * {@code end} exclusive. Lines and columns are 1-based; a column counts UTF-16 code units (SARIF's default
 * {@code columnKind}) and {@code endColumn} points just past the last character, as SARIF's region does.
 */
public record Span(int start, int end, int line, int column, int endLine, int endColumn) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }

    public int length() {
        return end - start;
    }

    public boolean contains(Span other) {
        return start <= other.start && other.end <= end;
    }
}
