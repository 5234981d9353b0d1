package io.miglint.rules.data;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import io.miglint.rules.locking.OwnMigration;
import java.util.Optional;

/**
 * An UPDATE of every row runs as one statement: it locks every row it touches until the migration commits, writes a
 * new version of each (the table and its indexes can double in size), and holds back vacuum. What it costs is the
 * table's size, so a table created earlier in the same script (empty) and a lookup table the folder shows to be small
 * (a gid filled into a handful of types) are not reported. A backfill of a column the same transaction added is
 * still reported — on a large table it is the bloat and WAL that hurt, and the lock is already held — with a message
 * that says so. Opt-in: 5 of 12 corpus findings were worth a reviewer's time, since the migration does not tell a
 * table's size.
 */
@RuleInfo(
        id = "update-without-where",
        summary = "UPDATE of a whole table in one statement",
        severity = Severity.WARNING,
        category = Category.DATA,
        optIn = true)
public final class UpdateWithoutWhere implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Update u) || u.hasWhere() || u.table() == null) {
            return;
        }
        QualifiedName table = u.table();
        var script = ctx.script();
        if (ctx.wholeScript().tableCreatedBefore(table, s.index())
                || ctx.lookupTable(table).isPresent()) {
            return;
        }
        ScriptRecord before = ctx.schema().currentScript();
        boolean backfill =
                !u.setColumns().isEmpty() && u.setColumns().stream().allMatch(c -> before.createsColumn(table, c));
        WholeTableContext.Key key = WholeTableContext.key(ctx, table);
        String batch = "WITH batch AS (SELECT " + key.sql() + " FROM " + WrittenSql.name(table) + " WHERE <not yet "
                + "updated> LIMIT 10000) UPDATE " + WrittenSql.name(table) + " SET … WHERE " + key.sql()
                + " IN (SELECT "
                + key.sql() + " FROM batch);";
        if (backfill) {
            Optional<ParsedStatement> notNull = setsNotNullLater(script, s, u);
            ctx.report(
                            s,
                            "fills " + String.join(", ", u.setColumns()) + " on every row of " + table + " in one "
                                    + "statement: every row gets a new version at once (the table and its indexes can double "
                                    + "in size, a burst of WAL, replication lag)"
                                    + (script.inTransaction(s)
                                            ? "; its row locks add little, adding the column already locks " + table
                                                    + " until the " + "migration commits"
                                            : ""))
                    .help(
                            OwnMigration.downInOneTransaction(script)
                                    ? "This down cannot fill it in batches: "
                                            + OwnMigration.noWayInDown(script) + ". On a large table, roll back when "
                                            + table
                                            + " can stay locked for the fill; on a small one, keep it."
                                    : "On a large table, add the column here and fill it in batches after this migration: "
                                            + WholeTableContext.batches(script, s, batch, key)
                                            + (notNull.isPresent()
                                                    ? "; the SET NOT NULL at line "
                                                            + notNull.get()
                                                                    .span()
                                                                    .line() + " then goes in a later "
                                                            + "migration, once every row is filled"
                                                    : "")
                                            + ". On a small table, keep it.");
            return;
        }
        ctx.report(
                        s,
                        "updates every row of " + table + " in one transaction: each row stays locked until "
                                + "the migration commits, writers of " + table + " wait, and every row gets a new "
                                + "version at once (bloat, WAL and replication lag)")
                .help(
                        OwnMigration.downInOneTransaction(script)
                                ? "This down cannot update in batches: "
                                        + OwnMigration.noWayInDown(script)
                                        + ", so every row stays locked until the rollback commits. "
                                        + "Roll back when writers of " + table
                                        + " can wait, or narrow the UPDATE to the rows the up "
                                        + "changed."
                                : "On a large table, update in batches: "
                                        + WholeTableContext.batches(script, s, batch, key) + ".");
    }

    /** A later SET NOT NULL on a column this UPDATE fills: it needs the backfill done first. */
    private static Optional<ParsedStatement> setsNotNullLater(
            io.miglint.rule.ScriptView script, ParsedStatement s, Statement.Update u) {
        for (ParsedStatement later :
                script.statements().subList(s.index() + 1, script.statements().size())) {
            if (later.node() instanceof Statement.AlterTable at
                    && u.table().sameAs(at.table())
                    && at.actions().stream()
                            .anyMatch(a -> a instanceof AlterAction.SetNotNull n
                                    && u.setColumns().contains(n.column()))) {
                return Optional.of(later);
            }
        }
        return Optional.empty();
    }
}
