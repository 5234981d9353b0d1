package io.miglint.rules.locking;

import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import java.util.Set;

/**
 * LOCK TABLE without a mode takes ACCESS EXCLUSIVE (https://www.postgresql.org/docs/current/sql-lock.html) and holds it
 * to the end of the transaction. Modes below SHARE do not block writes and are not flagged.
 */
@RuleInfo(
        id = "lock-table",
        summary = "Explicit LOCK TABLE on an existing table",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        optIn = true,
        onlineOnly = true)
public final class ExplicitLockTable implements StatementRule {
    private static final Set<String> BLOCKING = Set.of("ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE");

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.LockTable l) || !BLOCKING.contains(l.mode())) {
            return;
        }
        for (QualifiedName t : l.tables()) {
            if (ctx.wholeScript().tableCreatedBefore(t, s.index())) {
                continue;
            }
            ctx.report(
                            s,
                            "LOCK TABLE " + t + " takes " + (l.mode().startsWith("S") ? "a " : "an ") + l.mode()
                                    + " lock and holds it until the transaction ends: "
                                    + TableLock.blocked(l.mode(), t.toString())
                                    + " waits, and so does the LOCK itself behind any running query"
                                    + TableLock.letThrough(l.mode()))
                    .help("Where the script needs the table kept still (a copy that must not miss concurrent "
                            + "writes), keep the lock, but put `SET LOCAL lock_timeout = '5s';` before it, keep the "
                            + "transaction short, and use the weakest mode that keeps it still (`IN SHARE MODE` or "
                            + "`IN SHARE ROW EXCLUSIVE MODE` still allow reads); otherwise drop it and let each "
                            + "statement take the lock it needs.");
            return;
        }
    }
}
