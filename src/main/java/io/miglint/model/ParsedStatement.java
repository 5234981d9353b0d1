package io.miglint.model;

import io.miglint.sql.RawStatement;
import io.miglint.sql.Span;

/**
 * A statement of a script with its meaning.
 *
 * @param index  position in its script, 0-based, counting every statement (meta-commands and COPY data too)
 * @param origin which part of the parser understood it ({@code --stats})
 */
public record ParsedStatement(RawStatement raw, Statement node, Origin origin, int index) {

    public enum Origin { JSQLPARSER, RECOGNIZER, META, UNPARSED }

    public Span span() {
        return raw.span();
    }

    public boolean isSql() {
        return raw.kind() == RawStatement.Kind.SQL;
    }
}
