package io.miglint.model;

import io.miglint.sql.Span;
import java.util.Locale;

/** An expression kept as its source text (defaults, CHECK bodies, WHERE clauses) with where it stands. */
public record Expr(String text, Span span) {

    /** Text with whitespace folded and unquoted parts lower-cased enough for comparisons. */
    public String normalized() {
        return text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    public boolean isNullLiteral() {
        return normalized().equals("null") || normalized().startsWith("null::");
    }
}
