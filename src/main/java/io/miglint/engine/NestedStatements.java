package io.miglint.engine;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.parse.StatementParser;
import io.miglint.sql.EmbeddedText;
import io.miglint.sql.PlpgsqlBody;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL a {@code DO} block runs when the migration runs: the commands written in its PL/pgSQL body and the text of
 * each {@code EXECUTE} of string literals, as statements rules see after the block, at their own positions in the
 * file. Function bodies are not read here: they run when the function is called, not when the migration runs.
 * Statements that could not be read are left out (the block is not a place to report syntax), as are SELECT (in
 * PL/pgSQL it assigns) and transaction control.
 */
final class NestedStatements {
    /** DO blocks inside EXECUTE inside DO blocks are followed this deep. */
    private static final int MAX_DEPTH = 4;

    /**
     * Characters of rebuilt text one file may cost (each body or literal is rebuilt at its offsets, so the cost of one
     * is where it ends): a file of thousands of DO blocks would otherwise cost the square of its length. Blocks past
     * the budget stay opaque, as they were before their statements were read.
     */
    static final long BUDGET = 50_000_000L;

    private final StatementParser parser;
    private long budget = BUDGET;

    /** One instance per file: the budget is the file's. */
    NestedStatements(StatementParser parser) {
        this.parser = parser;
    }

    private boolean afford(int end) {
        budget -= end;
        return budget >= 0;
    }

    /** The statements {@code block} runs, in source order; empty when it is not a PL/pgSQL DO block. */
    List<ParsedStatement> of(ParsedStatement block) {
        List<ParsedStatement> out = new ArrayList<>();
        expand(block.raw(), block, false, 0, out);
        return out;
    }

    private void expand(
            RawStatement top, ParsedStatement block, boolean conditional, int depth, List<ParsedStatement> out) {
        if (!(block.node() instanceof Statement.DoBlock d) || !d.language().equals("plpgsql") || depth >= MAX_DEPTH) {
            return;
        }
        if (!afford(block.raw().span().end())) {
            return;
        }
        EmbeddedText body = EmbeddedText.ofBlockBody(block.raw(), d.body());
        if (body == null) {
            return;
        }
        int commentFrom = 0;
        for (PlpgsqlBody.Piece piece : PlpgsqlBody.walk(body.tokens()).pieces()) {
            boolean cond = conditional || piece.conditional();
            if (piece.execute()) {
                EmbeddedText text = afford(piece.last().end()) ? literal(body.source(), piece.tokens()) : null;
                if (text != null) {
                    for (RawStatement raw :
                            StatementSplitter.split(text.source()).statements()) {
                        add(top, raw, cond, true, depth, out);
                    }
                }
                continue;
            }
            List<Token> comments = new ArrayList<>();
            while (commentFrom < body.comments().size()
                    && body.comments().get(commentFrom).start() < piece.last().end()) {
                comments.add(body.comments().get(commentFrom++));
            }
            RawStatement raw = new RawStatement(
                    body.source(),
                    body.source().span(piece.first().start(), piece.last().end()),
                    piece.tokens(),
                    List.copyOf(comments),
                    RawStatement.Kind.SQL);
            add(top, raw, cond, false, depth, out);
        }
    }

    private void add(
            RawStatement top,
            RawStatement raw,
            boolean conditional,
            boolean dynamic,
            int depth,
            List<ParsedStatement> out) {
        if (raw.kind() != RawStatement.Kind.SQL) {
            return;
        }
        ParsedStatement parsed = parser.parse(raw, 0);
        Statement n = parsed.node();
        if (n instanceof Statement.Unparsed || n instanceof Statement.Transaction || n instanceof Statement.Select) {
            return;
        }
        out.add(parsed.nestedIn(new ParsedStatement.Nesting(top, conditional, dynamic)));
        expand(top, parsed, conditional, depth + 1, out);
    }

    /** {@code 'a'}, {@code 'a' || 'b'} or {@code $x$…$x$}: text known before the block runs; null otherwise. */
    private static EmbeddedText literal(SourceText source, List<Token> expression) {
        if (expression.size() == 1 && expression.get(0).kind() == TokenKind.DOLLAR_STRING) {
            return EmbeddedText.ofDollarBody(source, expression.get(0));
        }
        List<Token> strings = new ArrayList<>();
        for (int i = 0; i < expression.size(); i++) {
            Token t = expression.get(i);
            boolean ok = i % 2 == 0
                    ? t.kind() == TokenKind.STRING
                    : t.kind() == TokenKind.OPERATOR && t.value().equals("||");
            if (!ok) {
                return null;
            }
            if (i % 2 == 0) {
                strings.add(t);
            }
        }
        return expression.size() % 2 == 1 ? EmbeddedText.ofStrings(source, strings) : null;
    }
}
