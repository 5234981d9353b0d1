package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.model.schema.Column;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.List;

/**
 * ADD PRIMARY KEY builds a unique index under ACCESS EXCLUSIVE and also sets its columns NOT NULL, which scans the
 * table unless they already are. USING INDEX attaches an index built CONCURRENTLY beforehand
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX).
 */
@RuleInfo(
        id = "add-primary-key",
        summary = "ADD PRIMARY KEY builds its index under ACCESS EXCLUSIVE",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true,
        oncePerTransaction = true)
public final class AddPrimaryKey implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())
                || !HeldLock.buildsIndex(s, at.table())
                || HeldLock.silences(ctx, at.table(), s, HeldLock.Work.BUILD).isPresent()) {
            return;
        }
        if (NewTables.young(ctx, at.table(), s)) {
            return; // young or provably empty: no size, no traffic
        }
        for (AlterAction a : at.actions()) {
            if (io.miglint.rules.Rollback.restores(ctx, s, a)) {
                continue;
            }
            List<String> columns;
            String name;
            if (a instanceof AlterAction.AddConstraint ac
                    && ac.constraint().kind() == TableConstraint.Kind.PRIMARY_KEY
                    && ac.constraint().usingIndex() == null) {
                columns = ac.constraint().columns();
                name = ac.constraint().name() != null
                        ? ac.constraint().name()
                        : at.table().name() + "_pkey";
            } else if (a instanceof AlterAction.AddColumn add && add.column().primaryKey()) {
                // A serial or identity column rewrites the table anyway (add-column-table-rewrite reports it), and an
                // index on a column that does not exist yet cannot be built beforehand: the help differs.
                if (!add.column().isSerial() && !add.column().isIdentity()) {
                    newColumnKey(s, ctx, at, add, at.table().name() + "_pkey");
                }
                continue;
            } else {
                continue;
            }
            String t = at.table().toString();
            String cols = String.join(", ", columns);
            boolean notNull = alreadyNotNull(ctx, at, columns);
            NewTables.lowerIfRecent(
                    ctx,
                    at.table(),
                    ctx.report(
                                    a.span(),
                                    "adding primary key " + name + " builds a unique index on " + t + " (" + cols
                                            + ")" + (notNull ? "" : " and checks its columns for NULLs")
                                            + " under an ACCESS EXCLUSIVE lock, blocking reads and "
                                            + "writes for the whole build"
                                            + HeldLock.heldSince(ctx, at.table(), s, HeldLock.Work.BUILD, true))
                            .help(
                                    ctx.schema().partitioned(at.table())
                                            ? partitioned(ctx, s, at, name, columns, notNull)
                                            : OwnMigration.downInOneTransaction(ctx.script())
                                                    ? "This down cannot build the index "
                                                            + "CONCURRENTLY: " + OwnMigration.noWayInDown(ctx.script())
                                                            + ". Building it first still "
                                                            + "lets reads go on during the build (a SHARE lock instead of ACCESS EXCLUSIVE): `CREATE "
                                                            + "UNIQUE INDEX IF NOT EXISTS " + WrittenSql.ident(name)
                                                            + " ON "
                                                            + WrittenSql.name(at.table()) + " ("
                                                            + WrittenSql.idents(columns)
                                                            + ");` then `"
                                                            + WrittenSql.alterTable(s, at) + " ADD CONSTRAINT "
                                                            + WrittenSql.ident(name)
                                                            + " PRIMARY KEY USING INDEX " + WrittenSql.ident(name)
                                                            + ";`"
                                                            + (notNull
                                                                    ? ""
                                                                    : " (which still checks columns that are not yet NOT NULL "
                                                                            + "under ACCESS EXCLUSIVE)")
                                                            + "; an index built by hand beforehand "
                                                            + "with CONCURRENTLY leaves the rollback only that step."
                                                    : (ctx.script().isDown()
                                                                    ? java.util.Optional.<String>empty()
                                                                    : HeldLock.constraintHelp(
                                                                            ctx, s, at, name, columns, "PRIMARY KEY"))
                                                            .orElse("Build the index without blocking writes, in "
                                                                    + OwnMigration.howToRunOutsideTransaction(
                                                                            ctx.script())
                                                                    + ": `CREATE UNIQUE INDEX "
                                                                    + "CONCURRENTLY " + WrittenSql.ident(name) + " ON "
                                                                    + WrittenSql.name(at.table()) + " ("
                                                                    + WrittenSql.idents(columns) + ");` "
                                                                    + OwnMigration.thenAfterBuild(ctx.script())
                                                                    + (notNull
                                                                            ? ""
                                                                            : "make the columns NOT NULL without a long lock "
                                                                                    + "(`CHECK (… IS NOT NULL) NOT VALID`, "
                                                                                    + "`VALIDATE CONSTRAINT`, `SET NOT NULL`), then ")
                                                                    + "`"
                                                                    + WrittenSql.alterTable(s, at) + " ADD CONSTRAINT "
                                                                    + WrittenSql.ident(name)
                                                                    + " PRIMARY KEY USING INDEX "
                                                                    + WrittenSql.ident(name)
                                                                    + ";`.")));
        }
    }

    /**
     * On a partitioned table, where USING INDEX is refused and no index is built CONCURRENTLY: each partition's own
     * primary key first, which the parent's then takes over (see {@link PartitionedIndex#constraint}).
     */
    private static String partitioned(
            RuleContext ctx,
            ParsedStatement s,
            Statement.AlterTable at,
            String name,
            List<String> columns,
            boolean notNull) {
        if (OwnMigration.downInOneTransaction(ctx.script())) {
            return PartitionedIndex.noWayInDown(ctx, at.table());
        }
        return (notNull
                        ? ""
                        : "Make the columns NOT NULL first without a long lock (`CHECK (… IS NOT NULL) NOT VALID`, "
                                + "`VALIDATE CONSTRAINT`, `SET NOT NULL`): a partition's primary key sets them "
                                + "otherwise, scanning the partition under its lock. ")
                + PartitionedIndex.constraint(
                        at.table(),
                        "PRIMARY KEY",
                        columns,
                        "",
                        WrittenSql.alterTable(s, at) + " ADD CONSTRAINT " + WrittenSql.ident(name) + " PRIMARY KEY ("
                                + WrittenSql.idents(columns) + ")",
                        "in " + OwnMigration.howToRunOutsideTransaction(ctx.script()));
    }

    /**
     * Whether every key column is NOT NULL already, so that the constraint sets nothing and scans for no NULL: the
     * message and the help then leave that step out.
     */
    private static boolean alreadyNotNull(RuleContext ctx, Statement.AlterTable at, List<String> columns) {
        return ctx.schema()
                .table(at.table())
                .map(t -> columns.stream()
                        .allMatch(c -> t.column(c).map(Column::notNull).orElse(false)))
                .orElse(false);
    }

    private static void newColumnKey(
            ParsedStatement s, RuleContext ctx, Statement.AlterTable at, AlterAction.AddColumn add, String name) {
        String column = WrittenSql.ident(add.column().name());
        NewTables.lowerIfRecent(
                ctx,
                at.table(),
                ctx.report(
                                add.span(),
                                "adding " + at.table() + "." + add.column().name() + " as the primary key builds its "
                                        + "unique index under an ACCESS EXCLUSIVE lock, blocking reads and writes for the whole build "
                                        + "(and fails if existing rows get duplicate or NULL values)"
                                        + HeldLock.heldSince(ctx, at.table(), s, HeldLock.Work.BUILD, true))
                        .help(
                                OwnMigration.downInOneTransaction(ctx.script())
                                        ? "This down cannot build the index "
                                                + "CONCURRENTLY nor fill the column in batches: "
                                                + OwnMigration.noWayInDown(ctx.script())
                                                + ". Roll back when " + at.table() + " can be blocked for the build."
                                        : "Add the column without PRIMARY KEY, give every row a distinct value, then build the index "
                                                + "in " + OwnMigration.howToRunOutsideTransaction(ctx.script())
                                                + " with `CREATE UNIQUE INDEX "
                                                + "CONCURRENTLY " + WrittenSql.ident(name) + " ON "
                                                + WrittenSql.name(at.table()) + " ("
                                                + column + ");` and, "
                                                + OwnMigration.thenAfterBuild(ctx.script())
                                                        .replace("then, ", "")
                                                + "attach it with `"
                                                + WrittenSql.alterTable(s, at) + " ADD CONSTRAINT "
                                                + WrittenSql.ident(name)
                                                + " PRIMARY KEY USING INDEX " + WrittenSql.ident(name) + ";`."));
    }
}
