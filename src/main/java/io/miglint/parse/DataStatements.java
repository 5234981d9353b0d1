package io.miglint.parse;

import io.miglint.model.DeferredReading;
import io.miglint.model.Expr;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.sql.SourceText;
import io.miglint.sql.Span;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.AbstractJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * INSERT / UPDATE / DELETE / SELECT / MERGE. JSqlParser decides whether the statement is well-formed and names the
 * functions it calls (through nested queries and expressions, which a token scan would guess at); the statement's
 * shape and every span come from our tokens, because JSqlParser's nodes carry no source positions. A statement
 * JSqlParser rejects is still read from its tokens, so {@code UPDATE … SET} without WHERE is caught either way.
 */
final class DataStatements {
    /** Deeper nesting than this overflows JSqlParser's recursive descent (measured: ~1,000 levels crash it). */
    static final int MAX_NESTING = 100;
    /** Statements larger than this are read from tokens only: JSqlParser's time grows badly on huge literals. */
    static final int MAX_CHARS = 200_000;

    private static final Set<String> NOT_FUNCTIONS = Set.of("in", "values", "exists", "any", "all", "some", "and",
            "or", "not", "as", "on", "using", "over", "filter", "within", "from", "into", "select", "where", "array",
            "row", "join", "when", "then", "else", "case", "is", "like", "ilike", "set", "returning", "lateral",
            "table", "update", "by", "with", "materialized", "between", "distinct", "group", "partition", "conflict",
            "do", "limit", "offset", "having", "union", "except", "intersect", "only", "to", "default");

    private DataStatements() {
    }

    /** The model node (shape and spans from the tokens) and JSqlParser's reading of the text, made on request. */
    record Result(Statement node, DeferredReading reading) {
    }

    /** The statement's text is {@code span} of {@code source}, cut out only if JSqlParser is asked. */
    static Result read(TokenCursor c, SourceText source, Span span, int nesting) {
        List<String> fromTokens = functionsFromTokens(c);
        boolean eligible = nesting <= MAX_NESTING && span.length() <= MAX_CHARS;
        DeferredReading reading = new DeferredReading(
                () -> jsqlparserReading(eligible ? source.slice(span) : null, fromTokens));
        return new Result(fromTokens(c, reading.functions()), reading);
    }

    /** JSqlParser's verdict and called functions; the token scan's functions when it rejects the text. */
    static DeferredReading.Reading jsqlparserReading(String text, List<String> fromTokens) {
        if (text != null) {
            net.sf.jsqlparser.statement.Statement parsed = jsqlparser(text);
            if (parsed instanceof Select || parsed instanceof Update || parsed instanceof Delete
                    || parsed instanceof Insert || parsed instanceof Merge) {
                List<String> functions = functionsOf(parsed);
                return new DeferredReading.Reading(true, functions != null ? functions : fromTokens);
            }
        }
        return new DeferredReading.Reading(false, fromTokens);
    }

    /** One statement on the calling thread: {@code CCJSqlParserUtil.parse(String)} would start a thread per call. */
    private static net.sf.jsqlparser.statement.Statement jsqlparser(String text) {
        try {
            return CCJSqlParserUtil.newParser(text).withDialect(AbstractJSqlParser.Dialect.POSTGRESQL).Statement();
        } catch (Exception | StackOverflowError e) {
            return null;
        }
    }

    private static List<String> functionsOf(net.sf.jsqlparser.statement.Statement parsed) {
        Set<String> names = new LinkedHashSet<>();
        try {
            new TablesNamesFinder<Void>() {
                @Override
                public <S> Void visit(Function function, S context) {
                    List<String> parts = function.getMultipartName();
                    if (parts != null && !parts.isEmpty()) {
                        names.add(unquote(parts.get(parts.size() - 1)));
                    }
                    return super.visit(function, context);
                }
            }.getTables(parsed);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
        return List.copyOf(names);
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** A name directly followed by {@code (} that is no key word and no INSERT target. */
    static List<String> functionsFromTokens(TokenCursor c) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i + 1 < c.size(); i++) {
            Token t = c.tokenAt(i);
            if ((t.kind() == TokenKind.WORD || t.kind() == TokenKind.QUOTED_IDENT) && c.tokenAt(i + 1).isPunct('(')
                    && !(t.kind() == TokenKind.WORD && NOT_FUNCTIONS.contains(t.lower()))
                    && !(i > 0 && c.tokenAt(i - 1).is("into"))
                    && !(i > 1 && c.tokenAt(i - 1).isPunct('.') && c.tokenAt(i - 2).kind() == TokenKind.WORD
                    && i > 2 && c.tokenAt(i - 3).is("into"))) {
                names.add(t.identifier());
            }
        }
        return List.copyOf(names);
    }

    private static Statement fromTokens(TokenCursor c, List<String> functions) {
        c.reset(0);
        if (c.accept("with")) {
            c.accept("recursive");
            do {
                c.identifier();
                if (c.atPunct('(')) {
                    c.skipGroup();
                }
                c.expect("as");
                c.accept("not");
                c.accept("materialized");
                c.skipGroup();
            } while (c.acceptPunct(','));
        }
        if (c.accept("update")) {
            return update(c, functions);
        }
        if (c.accept("delete")) {
            return delete(c, functions);
        }
        if (c.accept("insert")) {
            return insert(c, functions);
        }
        if (c.accept("merge")) {
            c.skipToEnd();
            return new Statement.Other("merge");
        }
        if (c.at("select") || c.at("values") || c.at("table") || c.atPunct('(')) {
            c.skipToEnd();
            return new Statement.Select(functions);
        }
        throw new NotRecognized("not a data statement" + c.near());
    }

    private static QualifiedName target(TokenCursor c) {
        c.accept("only");
        QualifiedName table = c.qualifiedName();
        if (c.atOperator("*")) {
            c.next();
        }
        return table;
    }

    private static Statement update(TokenCursor c, List<String> functions) {
        QualifiedName table = target(c);
        int set = c.findTopLevel("set");
        if (set < 0) {
            throw new NotRecognized("expected SET in UPDATE");
        }
        c.reset(set + 1);
        List<String> columns = new ArrayList<>();
        List<Statement.Assignment> assignments = new ArrayList<>();
        Set<String> stops = Set.of("from", "where", "returning");
        do {
            if (c.atPunct('(')) {
                List<String> group = c.parenthesizedNames();
                columns.addAll(group);
                if (!c.atOperator("=")) {
                    throw new NotRecognized("expected = in UPDATE SET");
                }
                c.next();
                int from = c.position();
                Expr value = c.expr(from, c.skipExpression(stops));
                for (String col : group) {
                    assignments.add(new Statement.Assignment(col, value));
                }
            } else {
                String column = c.identifier();
                while (c.acceptPunct('.') || c.atPunct('[')) {
                    if (c.atPunct('[')) {
                        c.skipGroup();
                    } else {
                        c.identifier();
                    }
                }
                if (!c.atOperator("=")) {
                    throw new NotRecognized("expected = in UPDATE SET");
                }
                c.next();
                int from = c.position();
                Expr value = c.expr(from, c.skipExpression(stops));
                columns.add(column);
                assignments.add(new Statement.Assignment(column, value));
            }
        } while (c.acceptPunct(','));
        boolean hasWhere = c.findTopLevel("where") >= 0;
        c.skipToEnd();
        return new Statement.Update(table, hasWhere, List.copyOf(columns), List.copyOf(assignments), functions);
    }

    private static Statement delete(TokenCursor c, List<String> functions) {
        c.expect("from");
        QualifiedName table = target(c);
        boolean hasWhere = c.findTopLevel("where") >= 0;
        c.skipToEnd();
        return new Statement.Delete(table, hasWhere, functions);
    }

    private static Statement insert(TokenCursor c, List<String> functions) {
        c.expect("into");
        QualifiedName table = c.qualifiedName();
        if (c.accept("as")) {
            c.identifier();
        }
        List<String> columns = List.of();
        if (c.atPunct('(') && !(c.peek(1) != null && (c.peek(1).is("select") || c.peek(1).is("with")
                || c.peek(1).is("values")))) {
            columns = c.parenthesizedNames();
        }
        c.accept("overriding", "system", "value");
        c.accept("overriding", "user", "value");
        List<List<Expr>> rows = new ArrayList<>();
        if (c.accept("values")) {
            do {
                c.expectPunct('(');
                List<Expr> row = new ArrayList<>();
                if (!c.atPunct(')')) {
                    do {
                        int from = c.position();
                        row.add(c.expr(from, c.skipExpression(Set.of())));
                    } while (c.acceptPunct(','));
                }
                c.expectPunct(')');
                rows.add(List.copyOf(row));
            } while (c.acceptPunct(','));
        }
        c.skipToEnd();
        return new Statement.Insert(table, columns, List.copyOf(rows), functions);
    }
}
