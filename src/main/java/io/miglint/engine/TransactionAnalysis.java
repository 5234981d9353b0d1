package io.miglint.engine;

import io.miglint.layout.Execution;
import io.miglint.layout.LayoutKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.TransactionRules;
import java.util.List;

/**
 * Decides, statement by statement, whether a script runs inside a transaction block the way its tool executes it.
 * Three sources: the tool's own wrapping; PostgreSQL running a multi-statement simple-protocol query string as one
 * implicit transaction (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT);
 * and explicit BEGIN … COMMIT written in the script.
 */
public final class TransactionAnalysis {
    private TransactionAnalysis() {}

    public static boolean[] analyze(
            List<ParsedStatement> statements, Execution execution, LayoutKind layout, int pgVersion) {
        return analyze(statements, execution, layout, pgVersion, null);
    }

    /**
     * @param text the script's file text, where the tool cuts it at {@link Execution#separator()} (positions of the
     *             statements are offsets into it); null when the tool does not cut it
     */
    public static boolean[] analyze(
            List<ParsedStatement> statements, Execution execution, LayoutKind layout, int pgVersion, String text) {
        if (execution.separator() != null && text != null) {
            return cutIntoQueries(statements, execution, text);
        }
        boolean[] inTx = new boolean[statements.size()];
        List<ParsedStatement> sql =
                statements.stream().filter(s -> s.isSql() && !s.isNested()).toList();
        boolean wrapped = execution.wrapped();
        // Flyway runs a script made only of statements that refuse a transaction without one.
        if (layout == LayoutKind.FLYWAY
                && wrapped
                && !sql.isEmpty()
                && sql.stream().allMatch(s -> TransactionRules.refusesTransactionBlock(s.node(), pgVersion))) {
            wrapped = false;
        }
        boolean implicit = !wrapped && execution.singleQuery() && sql.size() > 1;
        java.util.Set<ParsedStatement> inGooseBlock =
                layout == LayoutKind.GOOSE && !wrapped ? gooseMultiStatementBlocks(sql) : java.util.Set.of();
        boolean open = false;
        for (ParsedStatement s : statements) {
            // A DO block runs as one command in one transaction, whatever surrounds it.
            inTx[s.index()] = wrapped || implicit || open || s.isNested() || inGooseBlock.contains(s);
            if (s.node() instanceof Statement.Transaction t) {
                switch (t.kind()) {
                    case BEGIN -> open = true;
                    case COMMIT, ROLLBACK, PREPARE -> open = false;
                    default -> {}
                }
            }
        }
        return inTx;
    }

    /**
     * goose sends a StatementBegin/StatementEnd block as one query (internal/sqlparser/parser.go): under NO
     * TRANSACTION a block of several statements is still one implicit transaction.
     */
    private static java.util.Set<ParsedStatement> gooseMultiStatementBlocks(List<ParsedStatement> sql) {
        java.util.Set<ParsedStatement> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        if (sql.isEmpty()) {
            return out;
        }
        io.miglint.layout.GooseScript goose =
                io.miglint.layout.GooseScript.parse(sql.get(0).raw().source().text());
        for (var direction : io.miglint.layout.Direction.values()) {
            for (io.miglint.layout.GooseScript.Statement g : goose.statements(direction)) {
                if (!g.block()) {
                    continue;
                }
                List<ParsedStatement> inside = sql.stream()
                        .filter(s -> s.raw().span().start() >= g.start()
                                && s.raw().span().start() < g.end())
                        .toList();
                if (inside.size() > 1) {
                    out.addAll(inside);
                }
            }
        }
        return out;
    }

    /**
     * A tool that opens its transaction and then sends the script piece by piece (drizzle-orm: one transaction, each
     * piece between {@code --> statement-breakpoint} markers one query): the script's own COMMIT ends the tool's
     * transaction, after which each piece is a query of its own, run as one implicit transaction when it holds
     * several statements and outside any when it holds one, until a BEGIN opens a block again.
     */
    private static boolean[] cutIntoQueries(List<ParsedStatement> statements, Execution execution, String text) {
        boolean[] inTx = new boolean[statements.size()];
        List<Integer> cuts = new java.util.ArrayList<>();
        for (int i = text.indexOf(execution.separator()); i >= 0; i = text.indexOf(execution.separator(), i + 1)) {
            cuts.add(i);
        }
        java.util.Map<Integer, Integer> perPiece = new java.util.HashMap<>();
        int[] piece = new int[statements.size()];
        for (ParsedStatement s : statements) {
            int p = pieceOf(cuts, s.span().start());
            piece[s.index()] = p;
            if (s.isSql() && !s.isNested()) {
                perPiece.merge(p, 1, Integer::sum);
            }
        }
        boolean open = execution.wrapped();
        for (ParsedStatement s : statements) {
            inTx[s.index()] = open || perPiece.getOrDefault(piece[s.index()], 0) > 1 || s.isNested();
            if (s.node() instanceof Statement.Transaction t) {
                switch (t.kind()) {
                    case BEGIN -> open = true;
                    case COMMIT, ROLLBACK, PREPARE -> open = false;
                    default -> {}
                }
            }
        }
        return inTx;
    }

    private static int pieceOf(List<Integer> cuts, int offset) {
        int n = 0;
        while (n < cuts.size() && cuts.get(n) < offset) {
            n++;
        }
        return n;
    }
}
