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
 * Application instances still running the old code query the old column name until every one of them is replaced,
 * so a rename breaks them the moment it commits. A down that renames back what its up renamed is the normal reversal.
 */
@RuleInfo(id = "rename-column", summary = "Renaming a column breaks code that still uses the old name",
        severity = Severity.WARNING, category = Category.COMPATIBILITY)
public final class RenameColumn implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at) || ctx.script().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        Optional<SchemaChanges> up = SchemaChanges.upOf(ctx.script());
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.RenameColumn rc)) {
                continue;
            }
            String table = at.table().key();
            if (up.isPresent() && (up.get().createsColumn(at.table(), rc.from()) || up.get().renames().stream()
                    .anyMatch(r -> table.equals(r.table()) && r.from().equals(rc.to()) && r.to().equals(rc.from())))) {
                continue;
            }
            ctx.report(a.span(), "renaming " + at.table() + "." + rc.from() + " to " + rc.to() + " breaks every "
                            + "running instance of the old code: its queries on " + rc.from() + " fail with "
                            + "'column does not exist' until all instances are redeployed")
                    .help("Expand and contract: add the new column (`ALTER TABLE " + at.table()
                            + " ADD COLUMN IF NOT EXISTS " + rc.to() + " …;`), write to both, backfill in batches, "
                            + "switch reads to " + rc.to() + ", and drop " + rc.from()
                            + " in a later migration once no deployed code uses it.");
        }
    }
}
