package io.miglint.rules.data;

import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import io.miglint.rules.locking.OwnMigration;
import java.util.Optional;

/**
 * A DELETE of every row runs as one statement: every row stays locked until the migration commits and the dead rows
 * are only reclaimed by vacuum afterwards. Such a purge is nearly always deliberate, so it is not reported where the
 * script shows why (see {@link WholeTableContext}): the table is refilled later in the same transaction, a comment
 * right above explains it, or a down empties what its up filled. A table created earlier in the same script is
 * empty. Opt-in: 0 of 6 corpus findings were worth a reviewer's time.
 */
@RuleInfo(
        id = "delete-without-where",
        summary = "DELETE of a whole table in one statement",
        severity = Severity.WARNING,
        category = Category.DATA,
        optIn = true)
public final class DeleteWithoutWhere implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Delete d) || d.hasWhere() || d.table() == null) {
            return;
        }
        QualifiedName table = d.table();
        var script = ctx.script();
        if (ctx.wholeScript().tableCreatedBefore(table, s.index())
                || WholeTableContext.refilledLater(script, s, table).isPresent()
                || WholeTableContext.explanation(script, s).isPresent()
                || script.isDown() && WholeTableContext.undoesUp(ctx, table)) {
            return;
        }
        Optional<ParsedStatement> needsEmpty = WholeTableContext.needsEmptyLater(script, s, table);
        String backup = WholeTableContext.backup(table);
        WholeTableContext.Key key = WholeTableContext.key(ctx, table);
        String help = needsEmpty.isPresent()
                ? "The statement at line " + needsEmpty.get().span().line() + " adds a NOT NULL column without a "
                        + "default, which needs " + table
                        + " empty, so the rows must go here, in the same transaction: make "
                        + "sure none is needed, or copy them first (" + backup + ")."
                : OwnMigration.downInOneTransaction(script)
                        ? "This down cannot delete in batches: "
                                + OwnMigration.noWayInDown(script)
                                + ", so every row stays locked until the rollback commits. If only "
                                + "the rows the up added must go, say which with a WHERE; copy the rows first if they may be needed ("
                                + backup + ")."
                        : "If the rows must go without holding their locks to the end of the migration, "
                                + WholeTableContext.batches(
                                        script,
                                        s,
                                        "WITH batch AS (SELECT " + key.sql() + " FROM "
                                                + WrittenSql.name(table) + " LIMIT 10000) DELETE FROM "
                                                + WrittenSql.name(table) + " WHERE "
                                                + key.sql() + " IN (SELECT " + key.sql() + " FROM batch);",
                                        key)
                                + ". Copy the rows first if they may be needed (" + backup + ").";
        ctx.report(
                        s,
                        "deletes every row of " + table + " in one transaction: each row stays locked until the "
                                + "migration commits, writers of " + table + " wait, and all the rows are lost")
                .help(help);
    }
}
