package io.miglint.parse;

import io.miglint.model.Expr;
import io.miglint.model.QualifiedName;
import io.miglint.sql.RawStatement;
import io.miglint.sql.Span;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A position in the significant tokens of one statement (its trailing {@code ;} removed). Every read that does not
 * find what the grammar needs throws {@link NotRecognized}; the statement parser turns that into a fallback.
 */
final class TokenCursor {
    /**
     * PostgreSQL's reserved key words, which can never be a table, column or other object name, nor a type name
     * (https://www.postgresql.org/docs/current/sql-keywords-appendix.html, "reserved" and "reserved (can be function
     * or type)"; a column label after a dot may be any of them).
     */
    static final Set<String> RESERVED = Set.of(
            "all",
            "analyse",
            "analyze",
            "and",
            "any",
            "array",
            "as",
            "asc",
            "asymmetric",
            "both",
            "case",
            "cast",
            "check",
            "collate",
            "column",
            "constraint",
            "create",
            "current_catalog",
            "current_date",
            "current_role",
            "current_time",
            "current_timestamp",
            "current_user",
            "default",
            "deferrable",
            "desc",
            "distinct",
            "do",
            "else",
            "end",
            "except",
            "false",
            "fetch",
            "for",
            "foreign",
            "from",
            "grant",
            "group",
            "having",
            "in",
            "initially",
            "intersect",
            "into",
            "lateral",
            "leading",
            "limit",
            "localtime",
            "localtimestamp",
            "not",
            "null",
            "offset",
            "on",
            "only",
            "or",
            "order",
            "placing",
            "primary",
            "references",
            "returning",
            "select",
            "session_user",
            "some",
            "symmetric",
            "table",
            "then",
            "to",
            "trailing",
            "true",
            "union",
            "unique",
            "user",
            "using",
            "variadic",
            "when",
            "where",
            "window",
            "with");

    /** Reserved key words that may still name a function or a type. */
    static final Set<String> TYPE_FUNC_NAMES = Set.of(
            "authorization",
            "binary",
            "collation",
            "concurrently",
            "cross",
            "current_schema",
            "freeze",
            "full",
            "ilike",
            "inner",
            "is",
            "isnull",
            "join",
            "left",
            "like",
            "natural",
            "notnull",
            "outer",
            "overlaps",
            "right",
            "similar",
            "tablesample",
            "verbose");

    /** Key words that may name a column but not a function, type or parameter (PostgreSQL's col_name_keyword). */
    static final Set<String> COL_NAME_KEYWORDS = Set.of(
            "between",
            "bigint",
            "bit",
            "boolean",
            "char",
            "character",
            "coalesce",
            "dec",
            "decimal",
            "exists",
            "extract",
            "float",
            "greatest",
            "grouping",
            "inout",
            "int",
            "integer",
            "interval",
            "least",
            "national",
            "nchar",
            "none",
            "normalize",
            "nullif",
            "numeric",
            "out",
            "overlay",
            "position",
            "precision",
            "real",
            "row",
            "setof",
            "smallint",
            "substring",
            "time",
            "timestamp",
            "treat",
            "trim",
            "values",
            "varchar",
            "xmlattributes",
            "xmlconcat",
            "xmlelement",
            "xmlexists",
            "xmlforest",
            "xmlnamespaces",
            "xmlparse",
            "xmlpi",
            "xmlroot",
            "xmlserialize",
            "xmltable");

    private final RawStatement raw;
    private final List<Token> tokens;
    private int pos;
    /** The statement kind's grammar is modelled: a token it does not expect means PostgreSQL rejects the text. */
    private boolean grammar;

    TokenCursor(RawStatement raw) {
        this.raw = raw;
        this.tokens = raw.body();
    }

    /** From here on, what the recognizer does not expect is out of PostgreSQL's grammar. */
    void modelled() {
        grammar = true;
    }

    /** The recognizer met a form it does not model (it may be valid PostgreSQL): no verdict on the text. */
    void unmodelled() {
        grammar = false;
    }

    boolean inModelledGrammar() {
        return grammar;
    }

    RawStatement raw() {
        return raw;
    }

    int position() {
        return pos;
    }

    void reset(int position) {
        pos = position;
    }

    boolean atEnd() {
        return pos >= tokens.size();
    }

    Token peek() {
        return peek(0);
    }

    /** The token {@code k} ahead, or null past the end. */
    Token peek(int k) {
        int i = pos + k;
        return i >= 0 && i < tokens.size() ? tokens.get(i) : null;
    }

    Token previous() {
        return tokens.get(pos - 1);
    }

    Token tokenAt(int index) {
        return tokens.get(index);
    }

    Token next() {
        if (atEnd()) {
            throw new NotRecognized("unexpected end of statement");
        }
        return tokens.get(pos++);
    }

    /** True when the next tokens are the unquoted key words {@code words}, in order. */
    boolean at(String... words) {
        for (int k = 0; k < words.length; k++) {
            Token t = peek(k);
            if (t == null || !t.is(words[k])) {
                return false;
            }
        }
        return true;
    }

    boolean atAny(Set<String> words) {
        Token t = peek();
        return t != null
                && t.kind() == TokenKind.WORD
                && words.contains(t.value().toLowerCase(Locale.ROOT));
    }

    boolean accept(String... words) {
        if (at(words)) {
            pos += words.length;
            return true;
        }
        return false;
    }

    void expect(String... words) {
        if (!accept(words)) {
            throw new NotRecognized("expected " + String.join(" ", words).toUpperCase(Locale.ROOT) + near());
        }
    }

    boolean atPunct(char c) {
        Token t = peek();
        return t != null && t.isPunct(c);
    }

    boolean acceptPunct(char c) {
        if (atPunct(c)) {
            pos++;
            return true;
        }
        return false;
    }

    void expectPunct(char c) {
        if (!acceptPunct(c)) {
            throw new NotRecognized("expected '" + c + "'" + near());
        }
    }

    boolean acceptOperator(String op) {
        if (atOperator(op)) {
            pos++;
            return true;
        }
        return false;
    }

    void expectNumber() {
        Token t = peek();
        if (t == null || t.kind() != TokenKind.NUMBER) {
            throw new NotRecognized("expected a number" + near());
        }
        pos++;
    }

    boolean atOperator(String op) {
        Token t = peek();
        return t != null && t.kind() == TokenKind.OPERATOR && t.value().equals(op);
    }

    boolean atIdentifier() {
        Token t = peek();
        return t != null && (t.kind() == TokenKind.WORD || t.kind() == TokenKind.QUOTED_IDENT);
    }

    /** True at a name PostgreSQL accepts for an object or column: a quoted name or a word that is not reserved. */
    boolean atName() {
        Token t = peek();
        return t != null
                && (t.kind() == TokenKind.QUOTED_IDENT
                        || t.kind() == TokenKind.WORD
                                && !RESERVED.contains(t.lower())
                                && !TYPE_FUNC_NAMES.contains(t.lower()));
    }

    /**
     * An identifier as PostgreSQL names it: unquoted folded to lower case, quoted kept. Where the grammar is
     * modelled, a reserved key word is no name.
     */
    String identifier() {
        if (!atIdentifier() || grammar && !atName()) {
            throw new NotRecognized("expected a name" + near());
        }
        return next().identifier();
    }

    /** A column label (after a dot, after AS): any word, reserved or not. */
    String label() {
        if (!atIdentifier()) {
            throw new NotRecognized("expected a name" + near());
        }
        return next().identifier();
    }

    /** {@code name}, {@code schema.name} or {@code db.schema.name} (the database part is dropped). */
    QualifiedName qualifiedName() {
        List<String> parts = new ArrayList<>(3);
        parts.add(identifier());
        while (atPunct('.')
                && peek(1) != null
                && (peek(1).kind() == TokenKind.WORD || peek(1).kind() == TokenKind.QUOTED_IDENT)) {
            pos++;
            parts.add(label());
        }
        if (grammar && atPunct('.')) {
            throw new NotRecognized("expected a name after '.'" + near());
        }
        int n = parts.size();
        return n == 1 ? QualifiedName.of(parts.get(0)) : new QualifiedName(parts.get(n - 2), parts.get(n - 1));
    }

    List<QualifiedName> qualifiedNameList() {
        List<QualifiedName> names = new ArrayList<>();
        do {
            names.add(qualifiedName());
        } while (acceptPunct(','));
        return names;
    }

    /** {@code ( a, b, … )} of plain identifiers. */
    List<String> parenthesizedNames() {
        expectPunct('(');
        List<String> names = new ArrayList<>();
        if (acceptPunct(')')) {
            if (grammar) {
                throw new NotRecognized("empty column list" + near());
            }
            return names;
        }
        do {
            names.add(identifier());
        } while (acceptPunct(','));
        expectPunct(')');
        return names;
    }

    /** Skips a balanced {@code ( … )} (or {@code [ … ]}) group starting at the current token. */
    void skipGroup() {
        Token open = peek();
        if (open == null || !(open.isPunct('(') || open.isPunct('['))) {
            throw new NotRecognized("expected '('" + near());
        }
        int depth = 0;
        while (!atEnd()) {
            Token t = next();
            if (t.isPunct('(') || t.isPunct('[')) {
                depth++;
            } else if (t.isPunct(')') || t.isPunct(']')) {
                depth--;
                if (depth == 0) {
                    return;
                }
            }
        }
        throw new NotRecognized("unbalanced parentheses");
    }

    /**
     * Advances over an expression and returns the index just past it: stops at the end, at a top-level {@code ,} or
     * closing parenthesis, or at a top-level key word in {@code stopWords} (never at the first token).
     */
    int skipExpression(Set<String> stopWords) {
        int start = pos;
        skipToExpressionEnd(stopWords);
        if (pos == start) {
            throw new NotRecognized("expected an expression" + near());
        }
        return pos;
    }

    /** {@link #skipExpression}'s scan, which also accepts an empty expression. */
    private void skipToExpressionEnd(Set<String> stopWords) {
        int start = pos;
        int depth = 0;
        while (!atEnd()) {
            Token t = peek();
            if (t.isPunct('(') || t.isPunct('[')) {
                depth++;
            } else if (t.isPunct(')') || t.isPunct(']')) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && t.isPunct(',')) {
                break;
            } else if (depth == 0
                    && pos > start
                    && t.kind() == TokenKind.WORD
                    && stopWords.contains(t.value().toLowerCase(Locale.ROOT))
                    && !(t.is("null") && tokens.get(pos - 1).is("not"))
                    && !(t.is("not") && tokens.get(pos - 1).is("is"))) {
                break;
            }
            pos++;
        }
    }

    /** An expression from {@code from} (inclusive) to {@code to} (exclusive) as source text and span. */
    Expr expr(int from, int to) {
        if (to <= from) {
            throw new NotRecognized("expected an expression" + near());
        }
        Span span = raw.spanOf(tokens.get(from), tokens.get(to - 1));
        return new Expr(raw.source().slice(span), span);
    }

    /** The contents of a parenthesised group as an expression; the cursor ends after the closing parenthesis. */
    Expr parenthesizedExpr() {
        int open = pos;
        skipGroup();
        return expr(open + 1, pos - 1);
    }

    Span span(int from, int toExclusive) {
        if (toExclusive <= from) {
            Token t = tokens.get(Math.min(from, tokens.size() - 1));
            return raw.spanOf(t);
        }
        return raw.spanOf(tokens.get(from), tokens.get(toExclusive - 1));
    }

    String text(int from, int toExclusive) {
        if (toExclusive <= from) {
            return "";
        }
        return raw.source().slice(span(from, toExclusive));
    }

    /** Skips to the next top-level comma (not consuming it) or the end. */
    void skipToTopLevelComma() {
        int depth = 0;
        while (!atEnd()) {
            Token t = peek();
            if (t.isPunct('(') || t.isPunct('[')) {
                depth++;
            } else if (t.isPunct(')') || t.isPunct(']')) {
                depth--;
            } else if (depth == 0 && t.isPunct(',')) {
                return;
            }
            pos++;
        }
    }

    /** Skips to the next top-level comma or closing parenthesis (not consuming it) or the end. */
    void skipToTopLevelCommaOrClose() {
        skipToExpressionEnd(Set.of());
    }

    /** Finds the next top-level key word {@code word} from here; -1 when absent. Does not move. */
    int findTopLevel(String word) {
        int depth = 0;
        for (int i = pos; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isPunct('(') || t.isPunct('[')) {
                depth++;
            } else if (t.isPunct(')') || t.isPunct(']')) {
                depth--;
            } else if (depth == 0 && t.is(word)) {
                return i;
            }
        }
        return -1;
    }

    int size() {
        return tokens.size();
    }

    void skipToEnd() {
        pos = tokens.size();
    }

    void expectEnd() {
        if (!atEnd()) {
            throw new NotRecognized("unexpected " + peek().value() + near()
                    + (StatementParser.startsStatement(peek()) ? ": is the ';' before it missing?" : ""));
        }
    }

    /** A string literal's content. */
    String stringLiteral() {
        Token t = peek();
        if (t == null || t.kind() != TokenKind.STRING && t.kind() != TokenKind.DOLLAR_STRING) {
            throw new NotRecognized("expected a string literal" + near());
        }
        pos++;
        return t.value();
    }

    boolean atString() {
        Token t = peek();
        return t != null && (t.kind() == TokenKind.STRING || t.kind() == TokenKind.DOLLAR_STRING);
    }

    String near() {
        Token t = peek();
        return t == null ? " at end of statement" : " near '" + t.value() + "'";
    }
}
