package io.miglint.rules.locking;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import java.util.List;
import java.util.Optional;

/**
 * Locks are released only at the end of the transaction (https://www.postgresql.org/docs/current/explicit-locking.html),
 * so every statement that runs after an ACCESS EXCLUSIVE lock in the same transaction keeps the table unreadable
 * longer. Reported once per transaction, at the first such lock.
 */
@RuleInfo(id = "exclusive-lock-held", summary = "ACCESS EXCLUSIVE lock held while later statements run",
        severity = Severity.INFO, category = Category.LOCKING)
public final class ExclusiveLockHeld implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        List<ParsedStatement> all = script.sqlStatements();
        for (int i = 0; i < all.size(); i++) {
            ParsedStatement s = all.get(i);
            Optional<TableLock> lock = TableLock.takenBy(s, script).stream().filter(TableLock::accessExclusive)
                    .findFirst();
            if (!script.inTransaction(s) || lock.isEmpty()) {
                continue;
            }
            int following = 0;
            int j = i + 1;
            for (; j < all.size() && script.inTransaction(all.get(j)) && !endsTransaction(all.get(j)); j++) {
                Statement n = all.get(j).node();
                if (!(n instanceof Statement.Transaction || n instanceof Statement.SetParameter
                        || n instanceof Statement.Comment)) {
                    following++;
                }
            }
            if (following > 0) {
                ctx.report(s, "takes " + lock.get().describe() + " and keeps it while " + following
                                + (following == 1 ? " more statement runs" : " more statements run")
                                + " in the same transaction: " + lock.get().label() + " stays unreadable and "
                                + "unwritable until the transaction commits")
                        .help("Move the statement that takes the ACCESS EXCLUSIVE lock to the end of the transaction, "
                                + "or into its own migration, so the lock is held only as long as that statement "
                                + "runs.");
            }
            i = j;
        }
    }

    private static boolean endsTransaction(ParsedStatement s) {
        return s.node() instanceof Statement.Transaction t && (t.kind() == Statement.Transaction.TxKind.COMMIT
                || t.kind() == Statement.Transaction.TxKind.ROLLBACK || t.kind() == Statement.Transaction.TxKind.PREPARE);
    }
}
