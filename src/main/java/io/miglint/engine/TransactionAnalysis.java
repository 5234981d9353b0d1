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
        boolean open = false;
        for (ParsedStatement s : statements) {
            // A DO block runs as one command in one transaction, whatever surrounds it.
            inTx[s.index()] = wrapped || implicit || open || s.isNested();
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
}
