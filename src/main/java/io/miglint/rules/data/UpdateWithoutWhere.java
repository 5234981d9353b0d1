package io.miglint.rules.data;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * An UPDATE of every row runs as one statement: it locks every row it touches until the migration commits, writes a
 * new version of each (the table and its indexes can double in size), and holds back vacuum. A table created earlier
 * in the same script is empty, so it is cheap there.
 */
@RuleInfo(id = "update-without-where", summary = "UPDATE of a whole table in one statement",
        severity = Severity.WARNING, category = Category.DATA)
public final class UpdateWithoutWhere implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Update u) || u.hasWhere() || u.table() == null
                || ctx.script().tableCreatedBefore(u.table(), s.index())) {
            return;
        }
        ctx.report(s, "updates every row of " + u.table() + " in one transaction: each row stays locked until "
                        + "the migration commits, writers of " + u.table() + " wait, and every row gets a new "
                        + "version at once (bloat, WAL and replication lag)")
                .help(io.miglint.rules.locking.OwnMigration.downInOneTransaction(ctx.script()) ? "This down cannot "
                        + "update in batches: " + io.miglint.rules.locking.OwnMigration.noWayInDown(ctx.script())
                        + ", so every row stays locked until the rollback commits. Roll back when writers of "
                        + u.table() + " can wait, or narrow the UPDATE to the rows the up changed."
                        : "Update in batches, repeating until it reports 0 rows: `WITH batch AS (SELECT id FROM "
                        + u.table() + " WHERE <not yet updated> LIMIT 10000) UPDATE " + u.table() + " SET … WHERE id "
                        + "IN (SELECT id FROM batch);` — or, on PostgreSQL 11+, a procedure that loops over the "
                        + "batches with a COMMIT after each (`CALL backfill_" + u.table().name() + "();`, outside "
                        + "a transaction block).");
    }
}
