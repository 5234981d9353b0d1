package io.miglint.model;

import io.miglint.sql.RawStatement;
import io.miglint.sql.Span;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A statement of a script with its meaning. {@code index} is its position in its script, 0-based, counting every
 * statement (meta-commands and COPY data too); {@code origin} tells which part of the parser understood it
 * ({@code --stats}). For a data statement the origin is known only once JSqlParser has read it, which happens on
 * first request (see {@link DeferredReading}).
 */
public final class ParsedStatement {

    public enum Origin { JSQLPARSER, RECOGNIZER, META, UNPARSED }

    private final RawStatement raw;
    private final Statement node;
    private final int index;
    private final Supplier<Origin> originSource;
    private volatile Origin origin;

    public ParsedStatement(RawStatement raw, Statement node, Origin origin, int index) {
        this(raw, node, Objects.requireNonNull(origin), null, index);
    }

    /** A statement whose origin is decided when first asked for. */
    public ParsedStatement(RawStatement raw, Statement node, Supplier<Origin> origin, int index) {
        this(raw, node, null, Objects.requireNonNull(origin), index);
    }

    private ParsedStatement(RawStatement raw, Statement node, Origin origin, Supplier<Origin> originSource,
                            int index) {
        this.raw = raw;
        this.node = node;
        this.origin = origin;
        this.originSource = originSource;
        this.index = index;
    }

    public RawStatement raw() {
        return raw;
    }

    public Statement node() {
        return node;
    }

    public Origin origin() {
        Origin o = origin;
        if (o == null) {
            o = originSource.get();
            origin = o;
        }
        return o;
    }

    public int index() {
        return index;
    }

    /** The same statement at another position (a dbmate section's own numbering), its origin still undecided. */
    public ParsedStatement withIndex(int newIndex) {
        return new ParsedStatement(raw, node, origin, originSource, newIndex);
    }

    public Span span() {
        return raw.span();
    }

    public boolean isSql() {
        return raw.kind() == RawStatement.Kind.SQL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParsedStatement p && index == p.index && raw.equals(p.raw) && Objects.equals(node, p.node)
                && origin() == p.origin();
    }

    @Override
    public int hashCode() {
        return Objects.hash(raw, node, index);
    }

    @Override
    public String toString() {
        return "ParsedStatement[raw=" + raw + ", node=" + node + ", origin=" + origin() + ", index=" + index + "]";
    }
}
