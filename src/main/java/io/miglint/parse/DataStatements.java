package io.miglint.parse;

import io.miglint.model.DataFlow;
import io.miglint.model.Expr;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.sql.SourceText;
import io.miglint.sql.Span;
import io.miglint.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.parser.AbstractJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;

/**
 * INSERT / UPDATE / DELETE / SELECT / MERGE. JSqlParser decides whether the statement is well-formed and reads its
 * {@link DataFlow} — the tables it writes and reads, the functions it calls, the shape of its WHERE — through nested
 * queries, joins and WITH queries, which a token scan would guess at; the statement's shape and every span come from
 * our tokens, because JSqlParser's nodes carry no source positions. A statement JSqlParser rejects is still read from
 * its tokens, flow included ({@link TokenDataFlow}, marked as a guess), so {@code UPDATE … SET} without WHERE is
 * caught either way.
 */
final class DataStatements {
    /** Deeper nesting than this overflows JSqlParser's recursive descent (measured: ~1,000 levels crash it). */
    static final int MAX_NESTING = 100;
    /** Statements larger than this are read from tokens only: JSqlParser's time grows badly on huge literals. */
    static final int MAX_CHARS = 200_000;

    private DataStatements() {}

    /** The model node (shape and spans from the tokens, flow from JSqlParser) and whether JSqlParser accepted it. */
    record Result(Statement node, boolean accepted) {}

    /** The statement's text is {@code span} of {@code source}, handed to JSqlParser within its limits. */
    static Result read(TokenCursor c, SourceText source, Span span, int nesting) {
        net.sf.jsqlparser.statement.Statement parsed =
                nesting <= MAX_NESTING && span.length() <= MAX_CHARS ? jsqlparser(source.slice(span)) : null;
        boolean accepted = parsed instanceof Select
                || parsed instanceof Update
                || parsed instanceof Delete
                || parsed instanceof Insert
                || parsed instanceof Merge;
        DataFlow flow = accepted && !(parsed instanceof Merge) ? flowOf(parsed, null) : null;
        return new Result(fromTokens(c, flow), accepted);
    }

    /**
     * What the query of {@code CREATE TABLE table AS query} reads, the query being tokens {@code from..to} of
     * {@code c}: JSqlParser's reading, or the tokens' when it cannot read the query.
     */
    static DataFlow queryFlow(TokenCursor c, int from, int to, QualifiedName table) {
        DataFlow.Write made = new DataFlow.Write(table, DataFlow.WriteKind.CREATE);
        if (from >= to) {
            return TokenDataFlow.read(List.of(), List.of(made));
        }
        List<Token> tokens = c.raw().body().subList(from, to);
        Span span = c.span(from, to);
        net.sf.jsqlparser.statement.Statement parsed = depth(tokens) <= MAX_NESTING && span.length() <= MAX_CHARS
                ? jsqlparser(c.raw().source().slice(span))
                : null;
        DataFlow flow = parsed instanceof Select ? flowOf(parsed, table) : null;
        return flow != null ? flow : TokenDataFlow.read(tokens, List.of(made));
    }

    /** JSqlParser's reading of what it parsed, or null when its walker fails on a node it does not know. */
    private static DataFlow flowOf(net.sf.jsqlparser.statement.Statement parsed, QualifiedName created) {
        try {
            return DataFlowReader.read(parsed, created);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    /** One statement on the calling thread: {@code CCJSqlParserUtil.parse(String)} would start a thread per call. */
    private static net.sf.jsqlparser.statement.Statement jsqlparser(String text) {
        try {
            return CCJSqlParserUtil.newParser(text)
                    .withDialect(AbstractJSqlParser.Dialect.POSTGRESQL)
                    .Statement();
        } catch (Exception | StackOverflowError e) {
            return null;
        }
    }

    private static int depth(List<Token> tokens) {
        int depth = 0;
        int max = 0;
        for (Token t : tokens) {
            depth += t.isPunct('(') || t.isPunct('[') ? 1 : t.isPunct(')') || t.isPunct(']') ? -1 : 0;
            max = Math.max(max, depth);
        }
        return max;
    }

    /** The flow JSqlParser read, or the tokens' guess with the recognizer's target. */
    private static DataFlow flow(TokenCursor c, DataFlow read, QualifiedName target, DataFlow.WriteKind kind) {
        if (read != null) {
            return read;
        }
        List<DataFlow.Write> known = target == null ? List.of() : List.of(new DataFlow.Write(target, kind));
        return TokenDataFlow.read(c.raw().body(), known);
    }

    private static Statement fromTokens(TokenCursor c, DataFlow read) {
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
            return update(c, read);
        }
        if (c.accept("delete")) {
            return delete(c, read);
        }
        if (c.accept("insert")) {
            return insert(c, read);
        }
        if (c.accept("merge")) {
            c.skipToEnd();
            return new Statement.Other("merge");
        }
        if (c.at("select") || c.at("values") || c.at("table") || c.atPunct('(')) {
            c.skipToEnd();
            return new Statement.Select(flow(c, read, null, null));
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

    private static Statement update(TokenCursor c, DataFlow read) {
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
        boolean hasFrom = c.findTopLevel("from") >= 0;
        c.skipToEnd();
        return new Statement.Update(
                table,
                List.copyOf(columns),
                List.copyOf(assignments),
                hasFrom,
                flow(c, read, table, DataFlow.WriteKind.UPDATE));
    }

    private static Statement delete(TokenCursor c, DataFlow read) {
        c.expect("from");
        QualifiedName table = target(c);
        c.skipToEnd();
        return new Statement.Delete(table, flow(c, read, table, DataFlow.WriteKind.DELETE));
    }

    private static Statement insert(TokenCursor c, DataFlow read) {
        c.expect("into");
        QualifiedName table = c.qualifiedName();
        if (c.accept("as")) {
            c.identifier();
        }
        List<String> columns = List.of();
        if (c.atPunct('(')
                && !(c.peek(1) != null
                        && (c.peek(1).is("select")
                                || c.peek(1).is("with")
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
        return new Statement.Insert(table, columns, List.copyOf(rows), flow(c, read, table, DataFlow.WriteKind.INSERT));
    }
}
