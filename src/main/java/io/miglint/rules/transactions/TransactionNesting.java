package io.miglint.rules.transactions;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.Statement.Transaction.TxKind;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;

/**
 * PostgreSQL has no nested transactions: a BEGIN inside a transaction block only warns "there is already a
 * transaction in progress", and the first COMMIT ends the outer block
 * (https://www.postgresql.org/docs/current/sql-begin.html). Inside a tool's transaction that COMMIT makes the rest of
 * the migration run outside it, so a later failure leaves it half-applied while the tool believes it rolled back.
 */
@RuleInfo(id = "transaction-nesting", summary = "BEGIN/COMMIT inside a transaction that is already open",
        severity = Severity.ERROR, category = Category.TRANSACTIONS)
public final class TransactionNesting implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        boolean wrapped = script.execution().wrapped();
        ParsedStatement open = null;
        for (ParsedStatement s : script.statements()) {
            if (!(s.node() instanceof Statement.Transaction t)) {
                continue;
            }
            boolean begin = t.kind() == TxKind.BEGIN;
            if (wrapped && (begin || OpenTransaction.endsTransaction(t))) {
                ctx.report(s, begin
                                ? script.execution().reason() + ", so this BEGIN only draws the warning \"there is "
                                + "already a transaction in progress\" and the COMMIT that goes with it commits the "
                                + "tool's transaction early: a later failure leaves the migration half-applied while "
                                + "the tool believes it rolled back"
                                : script.execution().reason() + ", so this " + t.kind().name() + " ends the tool's "
                                + "transaction early: what follows runs outside it, and a later failure leaves the "
                                + "migration half-applied while the tool believes it rolled back")
                        .help("Remove the BEGIN/COMMIT lines: the tool already runs the migration atomically.");
            } else if (!wrapped && begin && open != null) {
                ctx.report(s, "BEGIN while the transaction opened on line " + open.span().line() + " is still "
                                + "open: PostgreSQL warns \"there is already a transaction in progress\" and the next "
                                + "COMMIT commits both, so the inner block is not atomic on its own")
                        .help("Close the first transaction with `COMMIT;` before the second BEGIN, or use "
                                + "`SAVEPOINT name;` / `RELEASE SAVEPOINT name;` for a nested unit.");
            }
            if (begin && open == null) {
                open = s;
            } else if (OpenTransaction.endsTransaction(t)) {
                open = null;
            }
        }
    }
}
