package io.miglint.model;

import io.miglint.sql.RawStatement;
import io.miglint.sql.Span;
import java.util.Objects;

/**
 * A statement of a script with its meaning. {@code index} is its position in its script, 0-based, counting every
 * statement (meta-commands and COPY data too); {@code origin} tells which part of the parser understood it
 * ({@code --stats}).
 */
public final class ParsedStatement {

    public enum Origin {
        JSQLPARSER,
        RECOGNIZER,
        META,
        UNPARSED
    }

    private final RawStatement raw;
    private final Statement node;
    private final int index;
    private final Nesting nesting;
    private final Origin origin;

    /**
     * Where a statement found inside a {@code DO} block sits. PostgreSQL runs the whole block as one command inside
     * one transaction (https://www.postgresql.org/docs/current/sql-do.html), so such a statement is always in a
     * transaction block whatever the tool does with the file.
     *
     * @param block       the top-level {@code DO} statement that holds it (for an {@code EXECUTE} inside a nested
     *                    block, still the outermost one)
     * @param conditional true when it may not run or its failure is caught: inside an IF/CASE branch, a loop, a block
     *                    with an EXCEPTION clause, or an exception handler
     * @param dynamic     true when it is the text of an {@code EXECUTE 'literal'}
     */
    public record Nesting(RawStatement block, boolean conditional, boolean dynamic) {}

    public ParsedStatement(RawStatement raw, Statement node, Origin origin, int index) {
        this(raw, node, Objects.requireNonNull(origin), index, null);
    }

    private ParsedStatement(RawStatement raw, Statement node, Origin origin, int index, Nesting nesting) {
        this.raw = raw;
        this.nesting = nesting;
        this.node = node;
        this.origin = origin;
        this.index = index;
    }

    public RawStatement raw() {
        return raw;
    }

    public Statement node() {
        return node;
    }

    public Origin origin() {
        return origin;
    }

    public int index() {
        return index;
    }

    /** The same statement at another position (a dbmate section's own numbering). */
    public ParsedStatement withIndex(int newIndex) {
        return new ParsedStatement(raw, node, origin, newIndex, nesting);
    }

    /** The same statement, found inside a {@code DO} block. */
    public ParsedStatement nestedIn(Nesting where) {
        return new ParsedStatement(raw, node, origin, index, where);
    }

    /** Set when the statement was found inside a {@code DO} block rather than written at the top level. */
    public java.util.Optional<Nesting> nesting() {
        return java.util.Optional.ofNullable(nesting);
    }

    public boolean isNested() {
        return nesting != null;
    }

    /** Nested in a DO block and possibly not run, or run with its failure caught (see {@link Nesting}). */
    public boolean isConditional() {
        return nesting != null && nesting.conditional();
    }

    public Span span() {
        return raw.span();
    }

    public boolean isSql() {
        return raw.kind() == RawStatement.Kind.SQL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParsedStatement p
                && index == p.index
                && raw.equals(p.raw)
                && Objects.equals(node, p.node)
                && origin == p.origin
                && Objects.equals(nesting, p.nesting);
    }

    @Override
    public int hashCode() {
        return Objects.hash(raw, node, index);
    }

    @Override
    public String toString() {
        return "ParsedStatement[raw=" + raw + ", node=" + node + ", origin=" + origin + ", index=" + index
                + (nesting == null ? "" : ", nested") + "]";
    }
}
