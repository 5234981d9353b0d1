package io.miglint.rules.locking;

import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * Plain REINDEX blocks writes to the table and takes ACCESS EXCLUSIVE on each index it rebuilds, so queries that
 * would use the index wait too (https://www.postgresql.org/docs/current/sql-reindex.html). REINDEX CONCURRENTLY
 * exists from PostgreSQL 12; before that the rule still fires and its help gives the manual replacement sequence.
 */
@RuleInfo(
        id = "require-concurrent-reindex",
        summary = "REINDEX of an existing object without CONCURRENTLY",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true)
public final class RequireConcurrentReindex implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Reindex r)
                || r.concurrently()
                || (r.kind() == ObjectKind.TABLE
                        && r.name() != null
                        && ctx.wholeScript().tableCreatedBefore(r.name(), s.index()))
                || (r.kind() == ObjectKind.INDEX
                        && r.name() != null
                        && ctx.wholeScript()
                                .indexCreatedBefore(r.name().name(), s.index())
                                .isPresent())
                || rebuildsIndexesItSwitchedOff(ctx, s)
                || tableHeld(ctx, s, r)) {
            return;
        }
        String what = r.name() == null ? "the database" : r.kind().sql() + " " + r.name();
        boolean partitioned = r.name() != null
                && ctx.pgVersion() < 14
                && (r.kind() == ObjectKind.TABLE
                        ? ctx.schema().partitioned(r.name())
                        : r.kind() == ObjectKind.INDEX
                                && TableLock.tableOfIndex(ctx, r.name(), s.index())
                                        .map(t -> ctx.schema().partitioned(t))
                                        .orElse(false));
        String help = partitioned
                        && !(ctx.script().isDown()
                                && OwnMigration.inDown(ctx.script()).isEmpty())
                ? partitionedHelp(ctx, r)
                : ctx.script().isDown() && OwnMigration.inDown(ctx.script()).isEmpty()
                        ? "This down cannot reindex CONCURRENTLY: " + OwnMigration.noWayInDown(ctx.script())
                                + ". Roll back " + "when writes to the table(s) can wait for the rebuild."
                        : ctx.pgVersion() >= 12
                                ? "Use `REINDEX " + r.kind().sql().toUpperCase(java.util.Locale.ROOT) + " CONCURRENTLY "
                                        + (r.name() == null ? "" : r.name()) + ";` in "
                                        + OwnMigration.howToRunOutsideTransaction(ctx.script()) + "."
                                : "PostgreSQL " + ctx.pgVersion()
                                        + " has no REINDEX CONCURRENTLY (it arrived in 12): build a "
                                        + "replacement with `CREATE INDEX CONCURRENTLY new_idx ON …;`, then `DROP INDEX CONCURRENTLY old_idx;` "
                                        + "and `ALTER INDEX new_idx RENAME TO old_idx;`, each in "
                                        + OwnMigration.howToRunOutsideTransaction(ctx.script()) + ".";
        ctx.report(
                        s,
                        "REINDEX of " + what + " blocks writes to the table(s) and takes an ACCESS EXCLUSIVE lock on "
                                + "each index while it is rebuilt; the planner locks every index of a table it plans a query for, so "
                                + "nearly every query on the table waits as well (only prepared queries whose cached plan does not "
                                + "use that index go on)")
                .help(help);
    }

    /**
     * Before PostgreSQL 14 a partitioned table or index cannot be reindexed at all (REINDEX of a partitioned relation
     * arrived in 14; https://www.postgresql.org/docs/13/sql-reindex.html: "Each individual partition can be reindexed
     * separately instead"): each partition is, on its own.
     */
    private static String partitionedHelp(RuleContext ctx, Statement.Reindex r) {
        String kind = r.kind().sql().toUpperCase(java.util.Locale.ROOT);
        String each = r.kind() == ObjectKind.TABLE ? "<partition>" : "<partition_index>";
        String own = OwnMigration.howToRunOutsideTransaction(ctx.script());
        return "PostgreSQL " + ctx.pgVersion() + " reindexes no partitioned "
                + r.kind().sql() + " (that arrived in 14): "
                + "reindex each partition" + (r.kind() == ObjectKind.TABLE ? "" : "'s index") + " on its own, "
                + (ctx.pgVersion() >= 12
                        ? "`REINDEX " + kind + " CONCURRENTLY " + each + ";` in " + own
                        : "`REINDEX " + kind + " " + each + ";` (there is no REINDEX CONCURRENTLY before 12), one "
                                + "partition at a time, each in a transaction of its own, so that only that partition "
                                + "waits")
                + "; `SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = '"
                + io.miglint.rules.WrittenSql.name(r.name()).replace("'", "''") + "'::regclass;` lists "
                + (r.kind() == ObjectKind.TABLE ? "the partitions" : "the partitions' indexes")
                + " (one that is itself partitioned, the same way, level by level).";
    }

    /**
     * The transaction already holds ACCESS EXCLUSIVE on the table: nobody reads or writes it until COMMIT anyway, and
     * REINDEX CONCURRENTLY cannot run in that transaction.
     */
    private static boolean tableHeld(RuleContext ctx, ParsedStatement s, Statement.Reindex r) {
        java.util.Optional<io.miglint.model.QualifiedName> table = r.name() == null
                ? java.util.Optional.empty()
                : r.kind() == ObjectKind.TABLE
                        ? java.util.Optional.of(r.name())
                        : r.kind() == ObjectKind.INDEX
                                ? TableLock.tableOfIndex(ctx, r.name(), s.index())
                                : java.util.Optional.empty();
        return table.flatMap(t -> TableLock.heldAt(ctx, t, s)).isPresent();
    }

    /**
     * A script that switched indexes off by writing {@code pg_index} (indisready/indisvalid, to speed up a bulk
     * update) must REINDEX them in the same transaction, before anything uses them again: a CONCURRENTLY rebuild in a
     * later migration would leave stale indexes in use in between.
     */
    private static boolean rebuildsIndexesItSwitchedOff(RuleContext ctx, ParsedStatement s) {
        for (ParsedStatement earlier : ctx.script().statements().subList(0, s.index())) {
            if (earlier.node() instanceof Statement.Update u
                    && u.table() != null
                    && u.table().name().equalsIgnoreCase("pg_index")) {
                return true;
            }
        }
        return false;
    }
}
