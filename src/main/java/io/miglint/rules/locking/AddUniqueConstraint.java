package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import java.util.List;

/**
 * ADD UNIQUE builds its unique index inside ALTER TABLE, under ACCESS EXCLUSIVE for the whole build. Building the
 * index CONCURRENTLY first and attaching it with USING INDEX takes that lock only for a catalog update
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX).
 */
@RuleInfo(
        id = "add-unique-constraint",
        summary = "ADD UNIQUE builds its index under ACCESS EXCLUSIVE",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true,
        oncePerTransaction = true)
public final class AddUniqueConstraint implements StatementRule {
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
        // One statement builds its unique indexes under one lock: one finding, at the first, naming the others.
        List<AlterAction> adds = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (AlterAction a : at.actions()) {
            if (io.miglint.rules.Rollback.restores(ctx, s, a)) {
                continue;
            }
            if (a instanceof AlterAction.AddConstraint ac
                    && ac.constraint().kind() == TableConstraint.Kind.UNIQUE
                    && ac.constraint().usingIndex() == null) {
                adds.add(a);
                names.add(
                        ac.constraint().name() != null
                                ? ac.constraint().name()
                                : at.table().name() + "_"
                                        + String.join("_", ac.constraint().columns()) + "_key");
            } else if (a instanceof AlterAction.AddColumn add && add.column().unique()) {
                adds.add(a);
                names.add(at.table().name() + "_" + add.column().name() + "_key");
            }
        }
        if (adds.isEmpty()) {
            return;
        }
        AlterAction a = adds.get(0);
        String name = names.get(0);
        List<String> columns = a instanceof AlterAction.AddConstraint ac
                ? ac.constraint().columns()
                : List.of(((AlterAction.AddColumn) a).column().name());
        List<String> others = names.subList(1, names.size());
        String t = at.table().toString();
        String cols = String.join(", ", columns);
        String table = io.miglint.rules.WrittenSql.name(at.table());
        String idx = io.miglint.rules.WrittenSql.ident(name);
        String addColumn = a instanceof AlterAction.AddColumn add
                ? "`" + io.miglint.rules.WrittenSql.alterTable(s, at) + " " + withoutUnique(s, add) + ";` then build "
                : "Build ";
        String nulls = nullsNotDistinct(s, a) ? " NULLS NOT DISTINCT" : "";
        String plain = addColumn + "the index without blocking writes, in "
                + OwnMigration.howToRunOutsideTransaction(ctx.script()) + ": `CREATE UNIQUE INDEX CONCURRENTLY " + idx
                + " ON " + table + " ("
                + io.miglint.rules.WrittenSql.idents(columns) + ")" + nulls + ";` "
                + OwnMigration.thenAfterBuild(ctx.script())
                + "`ALTER TABLE " + table + " ADD CONSTRAINT " + idx + " UNIQUE USING INDEX " + idx + ";` (a catalog "
                + "change only).";
        NewTables.lowerIfRecent(
                ctx,
                at.table(),
                ctx.report(
                                a.span(),
                                "adding unique constraint " + name + " builds a unique index on " + t + " (" + cols
                                        + ") under an ACCESS EXCLUSIVE lock, blocking reads and writes for the whole build"
                                        + (others.isEmpty()
                                                ? ""
                                                : ", and the same statement builds " + others.size() + " more ("
                                                        + String.join(", ", others) + ")")
                                        + HeldLock.heldSince(ctx, at.table(), s, HeldLock.Work.BUILD, true))
                        .help((ctx.schema().partitioned(at.table())
                                        ? partitioned(ctx, s, at, a, name, columns, nulls)
                                        : OwnMigration.downInOneTransaction(ctx.script())
                                                ? "This down cannot build the index "
                                                        + "CONCURRENTLY: " + OwnMigration.noWayInDown(ctx.script())
                                                        + ". Building it first still "
                                                        + "lets reads go on during the build (a SHARE lock instead of ACCESS EXCLUSIVE): "
                                                        + (a instanceof AlterAction.AddColumn add
                                                                ? "`" + io.miglint.rules.WrittenSql.alterTable(s, at)
                                                                        + " " + withoutUnique(s, add) + ";` then "
                                                                : "")
                                                        + "`CREATE UNIQUE INDEX IF NOT EXISTS "
                                                        + idx + " ON " + table + " ("
                                                        + io.miglint.rules.WrittenSql.idents(columns) + ")" + nulls
                                                        + ";` then `"
                                                        + "ALTER TABLE " + table + " ADD CONSTRAINT " + idx
                                                        + " UNIQUE USING INDEX " + idx + ";`"
                                                        + (a instanceof AlterAction.AddColumn
                                                                ? "."
                                                                : "; an index built by hand beforehand with "
                                                                        + "CONCURRENTLY leaves the rollback only the catalog change.")
                                                : a instanceof AlterAction.AddColumn
                                                                || ctx.script().isDown()
                                                        ? plain
                                                        : HeldLock.constraintHelp(ctx, s, at, name, columns, "UNIQUE")
                                                                .orElse(plain))
                                + (others.isEmpty() ? "" : " The same for " + String.join(", ", others) + ".")));
    }

    /**
     * On a partitioned table, where USING INDEX is refused and no index is built CONCURRENTLY: each partition's own
     * constraint first, which the parent's then takes over (see {@link PartitionedIndex#constraint}).
     */
    private static String partitioned(
            RuleContext ctx,
            ParsedStatement s,
            Statement.AlterTable at,
            AlterAction a,
            String name,
            List<String> columns,
            String nulls) {
        if (OwnMigration.downInOneTransaction(ctx.script())) {
            return PartitionedIndex.noWayInDown(ctx, at.table());
        }
        String alter = io.miglint.rules.WrittenSql.alterTable(s, at);
        String addColumn = a instanceof AlterAction.AddColumn add
                ? "Add the column without UNIQUE first, `" + alter + " " + withoutUnique(s, add) + ";`. "
                : "";
        return addColumn
                + PartitionedIndex.constraint(
                        at.table(),
                        "UNIQUE",
                        columns,
                        nulls,
                        alter + " ADD CONSTRAINT " + io.miglint.rules.WrittenSql.ident(name) + " UNIQUE" + nulls + " ("
                                + io.miglint.rules.WrittenSql.idents(columns) + ")",
                        "in " + OwnMigration.howToRunOutsideTransaction(ctx.script()));
    }

    /** The ADD COLUMN action as written, without its UNIQUE. */
    private static String withoutUnique(ParsedStatement s, AlterAction.AddColumn add) {
        StringBuilder out = new StringBuilder();
        io.miglint.sql.Token previous = null;
        for (io.miglint.sql.Token t : s.raw().tokens()) {
            if (t.start() < add.span().start() || t.end() > add.span().end()) {
                continue;
            }
            if (!t.is("unique")) {
                if (previous != null && t.start() > previous.end()) {
                    out.append(' ');
                }
                out.append(s.raw().source().slice(t.start(), t.end()));
            }
            previous = t;
        }
        return out.toString();
    }

    /**
     * The constraint treats NULLs as equal ({@code UNIQUE NULLS NOT DISTINCT}, PostgreSQL 15): the index the help
     * builds must say so too, after its column list, or it lets rows that differ only by NULLs in (lakekeeper's
     * unique live names, {@code deleted_at IS NULL}).
     */
    private static boolean nullsNotDistinct(ParsedStatement s, AlterAction a) {
        return s.raw()
                .source()
                .slice(a.span())
                .toLowerCase(java.util.Locale.ROOT)
                .matches("(?s).*\\bunique\\s+nulls\\s+not\\s+distinct\\b.*");
    }
}
