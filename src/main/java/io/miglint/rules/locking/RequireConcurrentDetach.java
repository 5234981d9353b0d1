package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;

/**
 * DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table; from PostgreSQL 14, DETACH PARTITION … CONCURRENTLY
 * needs only SHARE UPDATE EXCLUSIVE (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION).
 */
@RuleInfo(
        id = "require-concurrent-detach",
        summary = "Partition detached without CONCURRENTLY",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        minPg = 14,
        onlineOnly = true)
public final class RequireConcurrentDetach implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        for (AlterAction a : at.actions()) {
            if (a instanceof AlterAction.DetachPartition dp && !dp.concurrently() && !dp.finalizing()) {
                ctx.report(
                                dp.span(),
                                "detaching partition " + dp.partition() + " takes an ACCESS EXCLUSIVE lock on "
                                        + at.table() + ": every read and write of the partitioned table waits")
                        .help(
                                ctx.script().isDown()
                                                && OwnMigration.inDown(ctx.script())
                                                        .isEmpty()
                                        ? "This down cannot detach it CONCURRENTLY: "
                                                + OwnMigration.noWayInDown(ctx.script())
                                                + ". Roll back when queries on " + at.table()
                                                + " can wait for the lock."
                                        : "Use `ALTER TABLE " + WrittenSql.name(at.table()) + " DETACH PARTITION "
                                                + WrittenSql.name(dp.partition()) + " CONCURRENTLY;` alone in "
                                                + OwnMigration.howToRunOutsideTransaction(ctx.script())
                                                + " (not possible when the table has a default partition); it leaves on "
                                                + dp.partition()
                                                + " a CHECK constraint copying its partition bound, which you may "
                                                + "drop afterwards; if it is interrupted, finish it with `ALTER TABLE "
                                                + WrittenSql.name(at.table()) + " DETACH PARTITION "
                                                + WrittenSql.name(dp.partition())
                                                + " FINALIZE`.");
            }
        }
    }
}
