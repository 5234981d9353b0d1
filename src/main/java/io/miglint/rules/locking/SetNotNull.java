package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.schema.Column;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * SET NOT NULL scans the whole table under ACCESS EXCLUSIVE to prove there is no NULL. Since PostgreSQL 12 the scan
 * is skipped when a valid {@code CHECK (col IS NOT NULL)} already proves it
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL); before 12 it
 * always scans. A column that is already NOT NULL is left alone.
 */
@RuleInfo(id = "set-not-null", summary = "SET NOT NULL scans the table under ACCESS EXCLUSIVE",
        severity = Severity.WARNING, category = Category.LOCKING)
public final class SetNotNull implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at) || ctx.script().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.SetNotNull snn)
                    || ctx.schema().column(at.table(), snn.column()).map(Column::notNull).orElse(false)) {
                continue;
            }
            boolean proven = ctx.schema().hasValidatedNotNullCheck(at.table(), snn.column());
            if (proven && ctx.pgVersion() >= 12) {
                continue;
            }
            String t = at.table().toString();
            String c = snn.column();
            String check = c + "_not_null";
            ctx.report(a.span(), "SET NOT NULL on " + t + "." + c + " scans every row of " + t + " under an ACCESS "
                            + "EXCLUSIVE lock, blocking reads and writes until the scan ends"
                            + (proven ? " (PostgreSQL " + ctx.pgVersion() + " cannot use the validated CHECK; 12+ can)"
                            : ""))
                    .help(ctx.pgVersion() < 12
                            ? "Before PostgreSQL 12 there is no scan-free way: run it in a maintenance window, or "
                            + "keep `CHECK (" + c + " IS NOT NULL)` as the constraint instead of SET NOT NULL."
                            : "Prove it first without blocking: `ALTER TABLE " + t + " ADD CONSTRAINT " + check
                            + " CHECK (" + c + " IS NOT NULL) NOT VALID;` then, in a separate transaction, `ALTER "
                            + "TABLE " + t + " VALIDATE CONSTRAINT " + check + ";` then `ALTER TABLE " + t
                            + " ALTER COLUMN " + c + " SET NOT NULL;` (no scan now) and `ALTER TABLE " + t
                            + " DROP CONSTRAINT " + check + ";`.");
        }
    }
}
