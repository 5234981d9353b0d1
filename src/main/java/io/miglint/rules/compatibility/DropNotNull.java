package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.SchemaChanges;
import java.util.Optional;

/**
 * Once NULLs are allowed, new rows may carry them while old code still assumes the column is always set. A down
 * dropping a NOT NULL its own up set is the normal reversal.
 */
@RuleInfo(id = "drop-not-null", summary = "Dropping NOT NULL lets NULLs reach code that assumes none",
        severity = Severity.INFO, category = Category.COMPATIBILITY)
public final class DropNotNull implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at) || ctx.script().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        Optional<SchemaChanges> up = SchemaChanges.upOf(ctx.script());
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.DropNotNull dn) || up.isPresent()
                    && (up.get().setsNotNull(at.table(), dn.column()) || up.get().createsColumn(at.table(),
                    dn.column()))) {
                continue;
            }
            ctx.report(a.span(), at.table() + "." + dn.column() + " may hold NULL from now on: running code that "
                            + "assumes a value (no null check, a non-nullable field) fails on such rows")
                    .help("Make sure every deployed reader of " + dn.column() + " handles NULL before this "
                            + "migration runs, or keep the constraint and give new rows a default "
                            + "(`ALTER TABLE " + at.table() + " ALTER COLUMN " + dn.column() + " SET DEFAULT …;`).");
        }
    }
}
