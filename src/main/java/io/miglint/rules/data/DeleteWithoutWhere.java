package io.miglint.rules.data;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * A DELETE of every row runs as one statement: every row stays locked until the migration commits and the dead rows
 * are only reclaimed by vacuum afterwards. A table created earlier in the same script is empty, so it is cheap there.
 */
@RuleInfo(id = "delete-without-where", summary = "DELETE of a whole table in one statement",
        severity = Severity.WARNING, category = Category.DATA)
public final class DeleteWithoutWhere implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Delete d) || d.hasWhere() || d.table() == null
                || ctx.script().tableCreatedBefore(d.table(), s.index())) {
            return;
        }
        ctx.report(s, "deletes every row of " + d.table() + " in one transaction: each row stays locked until the "
                        + "migration commits, writers of " + d.table() + " wait, and all the rows are lost")
                .help(io.miglint.rules.locking.OwnMigration.downInOneTransaction(ctx.script()) ? "This down cannot "
                        + "delete in batches: " + io.miglint.rules.locking.OwnMigration.noWayInDown(ctx.script())
                        + ", so every row stays locked until the rollback commits. If only the rows the up added must "
                        + "go, say which with a WHERE; copy the rows to a backup table first if they may be needed."
                        : "If the rows must go, delete in batches, repeating until it reports 0 rows: `WITH batch AS "
                        + "(SELECT id FROM " + d.table() + " LIMIT 10000) DELETE FROM " + d.table() + " WHERE id IN "
                        + "(SELECT id FROM batch);` — or, on PostgreSQL 11+, a procedure that deletes a batch and "
                        + "COMMITs in a loop. Copy the rows to a backup table first if they may be needed.");
    }
}
