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
 * A transaction left open at the end of a script is not committed by the script: psql rolls it back when the session
 * ends, and a tool that reuses the connection either commits it with its own bookkeeping or leaves the session idle in
 * transaction, holding every lock taken (https://www.postgresql.org/docs/current/sql-begin.html). Scripts the tool
 * wraps in its own transaction are left to transaction-nesting.
 */
@RuleInfo(
        id = "uncommitted-transaction",
        summary = "BEGIN without COMMIT or ROLLBACK by the end of the script",
        severity = Severity.ERROR,
        category = Category.TRANSACTIONS)
public final class UncommittedTransaction implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (script.execution().wrapped()) {
            return;
        }
        ParsedStatement open = null;
        for (ParsedStatement s : script.statements()) {
            if (open != null && s.node() instanceof Statement.Unparsed u && u.certainlyInvalid()) {
                // Broken SQL (unbalanced parentheses) swallows what follows, the COMMIT included: syntax-error
                // reports it, and whether the script commits is unknowable.
                return;
            }
            if (s.node() instanceof Statement.Transaction t) {
                if (t.kind() == TxKind.BEGIN && open == null) {
                    open = s;
                } else if (OpenTransaction.endsTransaction(t)) {
                    open = null;
                }
            }
        }
        if (open != null) {
            ctx.report(
                            open,
                            "this transaction is never committed: nothing after the BEGIN on line "
                                    + open.span().line()
                                    + " is permanent unless the runner happens to commit it, and until "
                                    + "then the session holds every lock the script took")
                    .help("End the script with `COMMIT;` (or remove the BEGIN if the tool runs the file in its own "
                            + "transaction).");
        }
    }
}
