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
}
