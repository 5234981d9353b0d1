package io.miglint.parse;

import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.Set;

/**
 * Checks an expression (a DEFAULT, CHECK, WHERE or USING clause) against PostgreSQL's expression grammar
 * (https://www.postgresql.org/docs/current/sql-expressions.html) where that grammar is modelled. Only a certain
 * violation is reported: an operand missing or doubled, a reserved key word where a value must stand, an empty
 * {@code ()}, a trailing operator. A construct the checker does not model (subqueries, the special syntax of
 * EXTRACT, SUBSTRING, TRIM, JSON functions, window clauses…) leaves the expression unjudged.
 */
final class Expressions {
    /** Words that may follow a complete operand inside an expression. */
    private static final Set<String> CONTINUATIONS = Set.of(
            "and",
            "or",
            "is",
            "isnull",
            "notnull",
            "like",
            "ilike",
            "similar",
            "between",
            "in",
            "collate",
            "at",
            "overlaps",
            "escape",
            "uescape",
            "operator",
            "within",
            "filter",
            "over");

    /** What may follow NOT after a complete operand. */
    private static final Set<String> AFTER_NOT = Set.of("like", "ilike", "similar", "in", "between");

    /** Word operators a DEFAULT's restricted expression (PostgreSQL's b_expr) does not have. */
    private static final Set<String> NOT_IN_DEFAULT = Set.of(
            "and", "or", "not", "like", "ilike", "similar", "between", "in", "isnull", "notnull", "overlaps", "at");

    /** Functions whose arguments are not a plain expression list. */
    private static final Set<String> SPECIAL_FUNCTIONS = Set.of(
            "extract",
            "position",
            "substring",
            "trim",
            "overlay",
            "normalize",
            "treat",
            "xmlelement",
            "xmlforest",
            "xmlparse",
            "xmlpi",
            "xmlroot",
            "xmlserialize",
            "xmlexists",
            "xmltable",
            "xmlattributes",
            "xmlconcat",
            "json",
            "json_object",
            "json_array",
            "json_objectagg",
            "json_arrayagg",
            "json_value",
            "json_query",
            "json_exists",
            "json_table",
            "json_scalar",
            "json_serialize",
            "merge_action",
            "collation");

    /** Key words that are values on their own. */
    private static final Set<String> VALUE_WORDS = Set.of(
            "true",
            "false",
            "null",
            "current_date",
            "current_time",
            "current_timestamp",
            "localtime",
            "localtimestamp",
            "current_user",
            "session_user",
            "current_role",
            "user",
            "current_catalog",
            "current_schema",
            "system_user");

    /** Operators PostgreSQL's grammar knows only between two values, never before one. */
    private static final Set<String> BINARY_ONLY = Set.of("=", "<", ">", "<=", ">=", "<>", "!=", "*", "/", "%", "^");

    /** The checker met what it does not model: the expression is not judged. */
    private static final class Unsure extends RuntimeException {
        Unsure() {
            super(null, null, false, false);
        }
    }

    private final TokenCursor c;
    private final int end;
    /** A column's DEFAULT: PostgreSQL's b_expr, without AND, OR, NOT, IS NULL, LIKE, IN, BETWEEN… */
    private final boolean restricted;

    private Expressions(TokenCursor c, int end) {
        this(c, end, false);
    }

    private Expressions(TokenCursor c, int end, boolean restricted) {
        this.c = c;
        this.end = end;
        this.restricted = restricted;
    }

    /** Checks tokens {@code from} (inclusive) to {@code to} (exclusive); the cursor is left where it was. */
    static void check(TokenCursor c, int from, int to) {
        check(c, from, to, false);
    }

    /** Checks a column's DEFAULT, whose expression cannot use AND, OR, NOT, IS NULL, LIKE, IN, BETWEEN unbracketed. */
    static void checkDefault(TokenCursor c, int from, int to) {
        check(c, from, to, true);
    }

    private static void check(TokenCursor c, int from, int to, boolean restricted) {
        if (!c.inModelledGrammar() || to <= from) {
            return;
        }
        int saved = c.position();
        c.reset(from);
        try {
            Expressions e = new Expressions(c, to, restricted);
            e.expression();
            if (c.position() < to) {
                e.leftover();
            }
        } catch (Unsure | StackOverflowError ignored) {
            // not judged
        } finally {
            c.reset(saved);
        }
    }

    private Token peek() {
        return c.position() < end ? c.peek() : null;
    }

    private boolean atWord(String w) {
        Token t = peek();
        return t != null && t.is(w);
    }

    private NotRecognized invalid(String what) {
        return new NotRecognized(what + c.near());
    }

    /** What follows a complete operand that no operator joins to it. */
    private void leftover() {
        Token t = peek();
        if (restricted && t.kind() == TokenKind.WORD && NOT_IN_DEFAULT.contains(t.lower())) {
            throw invalid(t.value() + " needs parentheses in a column's DEFAULT");
        }
        if (t.is("not")) {
            Token n = c.peek(1);
            if (n == null
                    || c.position() + 1 >= end
                    || !(n.kind() == TokenKind.WORD && AFTER_NOT.contains(n.lower()))) {
                throw invalid("NOT after a value must be NOT LIKE, NOT IN, NOT BETWEEN or NOT SIMILAR");
            }
            throw new Unsure();
        }
        if (t.kind() == TokenKind.WORD && CONTINUATIONS.contains(t.lower())) {
            throw new Unsure();
        }
        if (t.kind() == TokenKind.OPERATOR || t.isPunct('.') || t.isPunct(':') || t.isPunct('[')) {
            throw new Unsure();
        }
        throw invalid("two values without an operator between them");
    }

    private void expression() {
        operand();
        while (peek() != null) {
            Token t = peek();
            if (restricted
                    && t.kind() == TokenKind.WORD
                    && (NOT_IN_DEFAULT.contains(t.lower())
                            || t.is("is")
                                    && !(c.peek(1) != null
                                            && (c.peek(1).is("distinct")
                                                    || c.peek(1).is("document")
                                                    || c.peek(1).is("not")
                                                            && c.peek(2) != null
                                                            && (c.peek(2).is("distinct")
                                                                    || c.peek(2).is("document")))))) {
                throw invalid(t.value() + " needs parentheses in a column's DEFAULT");
            }
            if (restricted && t.is("at")) {
                throw invalid("AT TIME ZONE needs parentheses in a column's DEFAULT");
            }
            if (restricted && t.is("collate")) {
                throw new Unsure();
            }
            if (t.kind() == TokenKind.OPERATOR && !t.value().equals("::")) {
                c.next();
                if (peek() == null) {
                    throw invalid("expected a value after operator " + t.value());
                }
                if (atWord("any") || atWord("all") || atWord("some")) {
                    c.next();
                    group();
                    continue;
                }
                operand();
            } else if (t.is("and") || t.is("or")) {
                c.next();
                operand();
            } else if (t.is("is")) {
                c.next();
                isTail();
            } else if (t.is("isnull") || t.is("notnull")) {
                c.next();
            } else if (t.is("not")
                    && c.peek(1) != null
                    && (c.peek(1).is("like")
                            || c.peek(1).is("ilike")
                            || c.peek(1).is("in")
                            || c.peek(1).is("between")
                            || c.peek(1).is("similar"))) {
                c.next();
            } else if (t.is("like") || t.is("ilike")) {
                c.next();
                operand();
            } else if (t.is("in")) {
                c.next();
                if (!(peek() != null && peek().isPunct('('))) {
                    throw invalid("expected '(' after IN");
                }
                parenthesized();
            } else if (t.is("between")) {
                c.next();
                if (atWord("symmetric") || atWord("asymmetric")) {
                    c.next();
                }
                operand();
                if (!atWord("and")) {
                    throw invalid("expected AND in BETWEEN");
                }
                c.next();
                operand();
            } else {
                return;
            }
        }
    }

    private void isTail() {
        if (atWord("not")) {
            c.next();
        }
        Token t = peek();
        if (t == null) {
            throw invalid("expected NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS");
        }
        if (t.is("null") || t.is("true") || t.is("false") || t.is("unknown") || t.is("document")) {
            c.next();
        } else if (t.is("distinct")) {
            c.next();
            if (!atWord("from")) {
                throw invalid("expected FROM after IS DISTINCT");
            }
            c.next();
            operand();
        } else if (t.kind() == TokenKind.WORD
                        && Set.of("nfc", "nfd", "nfkc", "nfkd", "normalized", "json", "of")
                                .contains(t.lower())
                || t.kind() != TokenKind.WORD) {
            throw new Unsure();
        } else {
            throw invalid("expected NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS");
        }
    }

    /** A value with its prefix operators and its postfix ({@code ::type}, {@code [i]}, {@code .field}, …). */
    private void operand() {
        Token t = peek();
        if (t == null) {
            throw invalid("expected a value");
        }
        if (t.kind() == TokenKind.OPERATOR) {
            if (BINARY_ONLY.contains(t.value()) || t.value().equals("::")) {
                throw invalid("operator " + t.value() + " needs a value before it");
            }
            c.next();
            operand();
            return;
        }
        if (t.is("not")) {
            if (restricted) {
                throw invalid("NOT needs parentheses in a column's DEFAULT");
            }
            c.next();
            operand();
            return;
        }
        primary();
        postfix();
    }

    private void postfix() {
        while (peek() != null) {
            Token t = peek();
            if (t.kind() == TokenKind.OPERATOR && t.value().equals("::")) {
                c.next();
                type();
            } else if (t.isPunct('[')) {
                if (c.peek(1) != null && c.peek(1).isPunct(']')) {
                    throw invalid("empty subscript");
                }
                group();
            } else if (t.is("collate")) {
                c.next();
                name();
            } else if (t.is("at") && c.peek(1) != null && c.peek(1).is("time")) {
                if (restricted) {
                    throw invalid("AT TIME ZONE needs parentheses in a column's DEFAULT");
                }
                c.next();
                c.next();
                if (!atWord("zone")) {
                    throw invalid("expected ZONE");
                }
                c.next();
                operand();
            } else {
                return;
            }
        }
    }

    private void type() {
        if (peek() == null || !(peek().kind() == TokenKind.WORD || peek().kind() == TokenKind.QUOTED_IDENT)) {
            throw invalid("expected a type after ::");
        }
        int before = c.position();
        try {
            TypeReader.read(c);
        } catch (NotRecognized e) {
            throw new Unsure();
        }
        if (c.position() > end) {
            c.reset(before);
            throw new Unsure();
        }
    }

    private void name() {
        Token t = peek();
        if (t == null || !(t.kind() == TokenKind.WORD || t.kind() == TokenKind.QUOTED_IDENT)) {
            throw invalid("expected a name");
        }
        c.next();
        while (peek() != null && peek().isPunct('.')) {
            c.next();
            Token n = peek();
            if (n != null && (n.kind() == TokenKind.OPERATOR && n.value().equals("*") || n.isPunct('['))) {
                throw new Unsure();
            }
            if (n == null || !(n.kind() == TokenKind.WORD || n.kind() == TokenKind.QUOTED_IDENT)) {
                throw invalid("expected a name after '.'");
            }
            c.next();
        }
    }

    private void primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER, PARAM, DOLLAR_STRING -> c.next();
            case STRING -> {
                c.next();
                while (peek() != null && peek().kind() == TokenKind.STRING) {
                    continuation(c);
                }
            }
            case QUOTED_IDENT -> columnOrCall();
            case PUNCT -> {
                if (t.isPunct('(')) {
                    parenthesized();
                } else {
                    throw invalid("expected a value");
                }
            }
            case WORD -> word(t);
            default -> throw new Unsure();
        }
    }

    /**
     * At a string literal right after another: PostgreSQL joins them only across whitespace holding a newline;
     * anything else is two values in a row.
     */
    static void continuation(TokenCursor c) {
        String gap =
                c.raw().source().text().substring(c.previous().end(), c.peek().start());
        if (gap.contains("/*")) {
            c.next(); // whether a comment may stand there is not judged
            return;
        }
        if (gap.indexOf('\n') < 0 && gap.indexOf('\r') < 0) {
            throw new NotRecognized("two string literals on one line" + c.near());
        }
        c.next();
    }

    private void word(Token t) {
        String w = t.lower();
        if (VALUE_WORDS.contains(w)) {
            c.next();
            if ((w.startsWith("current_time") || w.startsWith("local") || w.equals("current_schema"))
                    && peek() != null
                    && peek().isPunct('(')) {
                group();
            }
            return;
        }
        if (w.equals("default") && !restricted) {
            c.next(); // the grammar takes DEFAULT as a value anywhere; only analysis rejects it out of place
            return;
        }
        switch (w) {
            case "case" -> {
                caseExpression();
                return;
            }
            case "cast" -> {
                c.next();
                if (peek() == null || !peek().isPunct('(')) {
                    throw invalid("expected '(' after CAST");
                }
                group();
                return;
            }
            case "array" -> {
                c.next();
                if (peek() == null || !(peek().isPunct('[') || peek().isPunct('('))) {
                    throw invalid("expected '[' or '(' after ARRAY");
                }
                group();
                return;
            }
            case "exists", "row" -> {
                c.next();
                if (peek() == null || !peek().isPunct('(')) {
                    throw new Unsure();
                }
                group();
                return;
            }
            case "interval" -> {
                c.next();
                if (peek() != null && peek().isPunct('(')) {
                    group();
                }
                if (peek() == null || peek().kind() != TokenKind.STRING) {
                    throw new Unsure();
                }
                c.next();
                while (peek() != null
                        && peek().kind() == TokenKind.WORD
                        && Set.of("year", "month", "day", "hour", "minute", "second", "to")
                                .contains(peek().lower())) {
                    c.next();
                }
                if (peek() != null && peek().isPunct('(')) {
                    group();
                }
                return;
            }
            default -> {}
        }
        if (TokenCursor.RESERVED.contains(w)) {
            throw invalid("reserved key word " + t.value() + " where a value must stand");
        }
        if (c.peek(1) != null && c.position() + 1 < end && c.peek(1).kind() == TokenKind.STRING) {
            c.next(); // a typed literal: date '2020-01-01'
            c.next();
            return;
        }
        if (TokenCursor.TYPE_FUNC_NAMES.contains(w)
                && !w.equals("collation")
                && !(c.peek(1) != null && c.position() + 1 < end && c.peek(1).isPunct('('))) {
            throw invalid(t.value() + " is a reserved word, no column name");
        }
        if (Set.of(
                        "double",
                        "timestamp",
                        "time",
                        "character",
                        "char",
                        "varchar",
                        "bit",
                        "national",
                        "numeric",
                        "decimal",
                        "dec",
                        "float")
                .contains(w)) {
            // a type name that may start a typed literal: timestamp with time zone '…', varchar(3) '…'
            throw new Unsure();
        }
        columnOrCall();
    }

    private void columnOrCall() {
        name();
        if (peek() != null && peek().kind() == TokenKind.STRING) {
            c.next(); // a typed literal: schema.type '…'
            return;
        }
        if (peek() != null && peek().isPunct('(')) {
            Token fn = c.previous();
            if (fn.kind() == TokenKind.WORD && SPECIAL_FUNCTIONS.contains(fn.lower())) {
                group();
                return;
            }
            call();
            if (peek() != null && peek().kind() == TokenKind.STRING) {
                c.next(); // a typed literal with modifiers: varchar(3) '…'
                return;
            }
            for (String clause : new String[] {"within", "filter", "over"}) {
                if (atWord(clause)) {
                    throw new Unsure();
                }
            }
        } else if (peek() != null && peek().isPunct('.')) {
            throw new Unsure(); // a.* and friends
        }
    }

    /** {@code ( [*] | [DISTINCT|ALL|VARIADIC] expr, … [ORDER BY …] )}. */
    private void call() {
        int close = closing(c.position());
        c.next();
        if (peek() != null && peek().isPunct(')')) {
            c.next();
            return;
        }
        if (peek() != null
                && peek().kind() == TokenKind.OPERATOR
                && peek().value().equals("*")
                && c.peek(1) != null
                && c.peek(1).isPunct(')')) {
            c.next();
            c.next();
            return;
        }
        list(close);
    }

    /** Comma-separated expressions up to the closing parenthesis at {@code close}. */
    private void list(int close) {
        Expressions inner = new Expressions(c, close);
        while (true) {
            if (inner.peek() == null) {
                throw inner.invalid("expected a value");
            }
            if (inner.atWord("distinct") || inner.atWord("all") || inner.atWord("variadic")) {
                throw new Unsure();
            }
            Token t = inner.peek();
            if (t.kind() == TokenKind.WORD
                    && c.peek(1) != null
                    && c.position() + 1 < close
                    && (c.peek(1).value().equals("=>") || c.peek(1).value().equals(":="))) {
                c.next();
                c.next(); // named argument
            }
            inner.expression();
            if (c.position() < close) {
                if (c.peek().isPunct(',')) {
                    c.next();
                    continue;
                }
                inner.leftover();
            }
            break;
        }
        c.reset(close + 1);
    }

    /** The comma-separated expressions inside the group opening at {@code open}; the cursor is left where it was. */
    static void checkList(TokenCursor c, int open) {
        if (!c.inModelledGrammar()) {
            return;
        }
        int saved = c.position();
        try {
            Expressions e = new Expressions(c, c.size());
            c.reset(open);
            int close = e.closing(open);
            c.reset(open + 1);
            if (close == open + 1) {
                throw new NotRecognized("empty parentheses" + c.near());
            }
            e.list(close);
        } catch (Unsure | StackOverflowError ignored) {
            // not judged
        } finally {
            c.reset(saved);
        }
    }

    /** {@code ( expr )}, a row {@code ( a, b )}, or a subquery (not judged inside). */
    private void parenthesized() {
        int close = closing(c.position());
        Token first = c.peek(1);
        if (first == null) {
            throw new Unsure();
        }
        if (first.isPunct(')')) {
            throw invalid("empty parentheses");
        }
        int inner = c.position() + 1;
        while (inner < close && c.tokenAt(inner).isPunct('(')) {
            inner++;
        }
        Token innermost = c.tokenAt(inner);
        if (innermost.is("select") || innermost.is("with") || innermost.is("values") || innermost.is("table")) {
            c.reset(close + 1);
            if (peek() != null && peek().isPunct('.')) {
                throw new Unsure();
            }
            return;
        }
        c.next();
        list(close);
        if (peek() != null && peek().isPunct('.')) {
            throw new Unsure();
        }
    }

    private void caseExpression() {
        int close = matchingEnd();
        c.next();
        Expressions inner = new Expressions(c, close);
        if (!inner.atWord("when")) {
            inner.expression();
        }
        if (!inner.atWord("when")) {
            throw inner.invalid("expected WHEN in CASE");
        }
        while (inner.atWord("when")) {
            c.next();
            inner.expression();
            if (!inner.atWord("then")) {
                throw inner.invalid("expected THEN in CASE");
            }
            c.next();
            inner.expression();
        }
        if (inner.atWord("else")) {
            c.next();
            inner.expression();
        }
        if (c.position() != close) {
            throw inner.invalid("unexpected token in CASE");
        }
        c.reset(close + 1);
    }

    /** The END of the CASE at the cursor (nesting counted); unsure when absent within the expression. */
    private int matchingEnd() {
        int depth = 0;
        int parens = 0;
        for (int i = c.position(); i < end; i++) {
            Token t = c.tokenAt(i);
            if (t.isPunct('(') || t.isPunct('[')) {
                parens++;
            } else if (t.isPunct(')') || t.isPunct(']')) {
                parens--;
            } else if (t.is("case")) {
                depth++;
            } else if (t.is("end")) {
                depth--;
                if (depth == 0) {
                    if (parens != 0) {
                        throw new Unsure();
                    }
                    return i;
                }
            }
        }
        throw invalid("CASE without END");
    }

    /** The index of the bracket closing the one at {@code open}. */
    private int closing(int open) {
        int depth = 0;
        for (int i = open; i < end; i++) {
            Token t = c.tokenAt(i);
            if (t.isPunct('(') || t.isPunct('[')) {
                depth++;
            } else if (t.isPunct(')') || t.isPunct(']')) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new Unsure();
    }

    private void group() {
        if (peek() == null || !(peek().isPunct('(') || peek().isPunct('['))) {
            throw invalid("expected '('");
        }
        c.reset(closing(c.position()) + 1);
    }
}
