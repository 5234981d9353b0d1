package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.TypeChangeCost;
import io.miglint.model.schema.Column;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import io.miglint.sql.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * SET NOT NULL scans the whole table under ACCESS EXCLUSIVE to prove there is no NULL. Since PostgreSQL 12 the scan
 * is skipped when a valid {@code CHECK (col IS NOT NULL)} already proves it
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL); before 12 it
 * always scans. A column that is already NOT NULL is left alone.
 */
@RuleInfo(
        id = "set-not-null",
        summary = "SET NOT NULL scans the table under ACCESS EXCLUSIVE",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true,
        oncePerTransaction = true)
public final class SetNotNull implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())
                || at.actions().stream().noneMatch(a -> a instanceof AlterAction.SetNotNull)) {
            return;
        }
        boolean rewrite = rewrites(ctx, at);
        boolean young = NewTables.young(ctx, at.table(), s); // young or provably empty: no size, no traffic
        boolean held = TableLock.heldAt(ctx, at.table(), s).isPresent();
        List<String> columns = new ArrayList<>();
        Span first = null;
        boolean anyProven = false;
        java.util.Map<AlterAction.SetNotNull, ParsedStatement> addedWithDefault = new java.util.LinkedHashMap<>();
        for (AlterAction a : at.actions()) {
            if (io.miglint.rules.Rollback.restores(ctx, s, a)) {
                // the rollback's scan is how the old NOT NULL comes back; down-restores-not-null reports the NULLs
                // written since that can make it fail
                continue;
            }
            if (rewrite
                    || young
                    || !(a instanceof AlterAction.SetNotNull snn)
                    || ctx.schema()
                            .column(at.table(), snn.column())
                            .map(Column::notNull)
                            .orElse(false)) {
                continue;
            }
            if (held
                    && HeldLock.addedInScript(ctx, at.table(), List.of(snn.column()), s.index())
                            .isPresent()) {
                // Added in this transaction, maybe backfilled: the scan runs under the lock the ADD COLUMN took,
                // which the transaction holds anyway. Only a constant default makes it avoidable.
                HeldBackfill.addedWithConstantDefault(ctx, at.table(), snn.column(), s.index())
                        .ifPresent(added -> addedWithDefault.put(snn, added));
                continue;
            }
            java.util.Optional<ParsedStatement> addedHere =
                    HeldBackfill.addedWithConstantDefault(ctx, at.table(), snn.column(), s.index());
            if (addedHere.isPresent() && !ctx.script().isDown()) {
                // Added by this up with a constant default in a transaction of its own: every row holds the default
                // (no release wrote NULL to a column it does not know), so NOT NULL where it is added skips this scan.
                addedWithDefault.put(snn, addedHere.get());
                continue;
            }
            boolean proven = ctx.schema().hasValidatedNotNullCheck(at.table(), snn.column());
            if (proven && ctx.pgVersion() >= 12) {
                continue;
            }
            anyProven |= proven;
            columns.add(snn.column());
            first = first == null ? a.span() : first;
        }
        if (first == null && addedWithDefault.isEmpty()) {
            return;
        }
        // After a whole-table UPDATE under the same held lock, the scan adds little: the finding names the UPDATE.
        java.util.Optional<ParsedStatement> backfill = HeldBackfill.carriedBy(ctx, at.table(), s);
        if (backfill.isPresent()) {
            HeldBackfill.report(ctx, at.table(), backfill.get());
            return;
        }
        if (first == null) {
            if (HeldBackfill.before(ctx, at.table(), s).isEmpty()) {
                addedWithDefault.entrySet().stream()
                        .findFirst()
                        .ifPresent(e -> reportDefault(s, ctx, at, e.getKey(), e.getValue()));
            }
            return;
        }
        if (HeldLock.silences(ctx, at.table(), s, HeldLock.Work.ROW_CHECK).isPresent()) {
            return;
        }
        // One statement scans the table once, however many columns it sets: one finding naming them all.
        String t = at.table().toString();
        String alter = WrittenSql.alterTable(s, at);
        String cols = String.join(", ", columns);
        List<String> checks =
                columns.stream().map(c -> WrittenSql.ident(c + "_not_null")).toList();
        List<String> add = new ArrayList<>();
        StringBuilder validate = new StringBuilder();
        List<String> drop = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            add.add("ADD CONSTRAINT " + checks.get(i) + " CHECK (" + WrittenSql.ident(columns.get(i))
                    + " IS NOT NULL) NOT VALID");
            validate.append(i == 0 ? "" : " ")
                    .append(alter)
                    .append(" VALIDATE CONSTRAINT ")
                    .append(checks.get(i))
                    .append(';');
            drop.add("DROP CONSTRAINT " + checks.get(i));
        }
        NewTables.lowerIfRecent(
                ctx,
                at.table(),
                ctx.report(
                                first,
                                "SET NOT NULL on " + t + " (" + cols + ") scans every row of " + t + " under an ACCESS "
                                        + "EXCLUSIVE lock, blocking reads and writes until the scan ends"
                                        + (anyProven
                                                ? " (PostgreSQL " + ctx.pgVersion()
                                                        + " cannot use the validated CHECK; 12+ can)"
                                                : "")
                                        + HeldLock.heldSince(ctx, at.table(), s, HeldLock.Work.ROW_CHECK, true))
                        .help(
                                OwnMigration.downInOneTransaction(ctx.script())
                                        ? "This down cannot avoid the scan: "
                                                + OwnMigration.noWayInDown(ctx.script())
                                                + ", and the scan-free route needs a CHECK validated "
                                                + "in a transaction of its own before SET NOT NULL. Roll back when " + t
                                                + " can be blocked "
                                                + "for the scan, or leave the column nullable in the down if the old release does not rely on "
                                                + "NOT NULL."
                                        : ctx.pgVersion() < 12
                                                ? "Before PostgreSQL 12 there is no scan-free way: run it in a maintenance window, or "
                                                        + "keep `CHECK (" + columns.get(0)
                                                        + " IS NOT NULL)` as the constraint instead of SET NOT NULL."
                                                : "Prove it first without blocking: `" + alter + " "
                                                        + String.join(", ", add) + ";` then, in "
                                                        + "a separate transaction, `" + validate + "` then "
                                                        + (at.actions().stream()
                                                                        .allMatch(a ->
                                                                                a instanceof AlterAction.SetNotNull)
                                                                ? "`"
                                                                        + WrittenSql.text(s, s.span())
                                                                                .replaceAll("\\s*;$", "")
                                                                        + ";`"
                                                                : "`" + alter + " "
                                                                        + String.join(
                                                                                ", ",
                                                                                columns.stream()
                                                                                        .map(c -> "ALTER COLUMN "
                                                                                                + WrittenSql.ident(c)
                                                                                                + " SET NOT NULL")
                                                                                        .toList())
                                                                        + ";`")
                                                        + ", which scans nothing now, and `"
                                                        + alter + " " + String.join(", ", drop) + ";`"
                                                        + (at.actions().stream()
                                                                        .allMatch(a ->
                                                                                a instanceof AlterAction.SetNotNull)
                                                                ? "."
                                                                : "; then the statement's other actions in a"
                                                                        + " statement of their own, `" + alter + " "
                                                                        + String.join(
                                                                                ", ",
                                                                                at.actions().stream()
                                                                                        .filter(a -> !(a
                                                                                                instanceof
                                                                                                AlterAction.SetNotNull))
                                                                                        .map(a -> WrittenSql.text(
                                                                                                s, a.span()))
                                                                                        .toList())
                                                                        + ";`, where the scan or rewrite they do is"
                                                                        + " weighed on its own (a type change"
                                                                        + " rewrites the table and checks the"
                                                                        + " constraints again, a foreign key scans"
                                                                        + " every row).")));
    }

    /** Where the default calls a simple SQL function of the folder, that PostgreSQL inlines it (not volatile). */
    private static String inlined(AlterAction.AddColumn add, RuleContext ctx) {
        DefaultVolatility v = DefaultVolatility.of(add.column().defaultExpr(), ctx.schema());
        return v.volatility() == DefaultVolatility.Volatility.NOT_VOLATILE && v.definedInFolder()
                ? " (" + v.function() + "() is a simple SQL function, which PostgreSQL inlines when it plans the "
                        + "default: it is evaluated once, not per row, and the rows are not rewritten)"
                : "";
    }

    private static java.util.Optional<AlterAction.AddColumn> addColumn(Statement.AlterTable at, String column) {
        return at.actions().stream()
                .filter(a -> a instanceof AlterAction.AddColumn add
                        && add.column().name().equalsIgnoreCase(column))
                .map(a -> (AlterAction.AddColumn) a)
                .findFirst();
    }

    private static void reportDefault(
            ParsedStatement s,
            RuleContext ctx,
            Statement.AlterTable at,
            AlterAction.SetNotNull snn,
            ParsedStatement added) {
        AlterAction.AddColumn add =
                addColumn((Statement.AlterTable) added.node(), snn.column()).orElseThrow();
        NewTables.lowerIfRecent(
                ctx,
                at.table(),
                ctx.report(
                                snn.span(),
                                "SET NOT NULL on " + at.table() + " (" + snn.column() + ") scans every row of "
                                        + at.table()
                                        + " under its ACCESS EXCLUSIVE lock, although the column was added at line "
                                        + added.span().line() + " with a default, which fills every existing row"
                                        + inlined(add, ctx))
                        .help("Declare it NOT NULL where it is added: `"
                                + WrittenSql.alterTable(added, (Statement.AlterTable) added.node()) + " "
                                + WrittenSql.columnWithoutDefaultAndNotNull(added, add)
                                        .replaceFirst("\\s*$", "") + " NOT NULL DEFAULT "
                                + add.column().defaultExpr().text() + ";`"
                                + " checks nothing (PostgreSQL 11+ evaluates a non-volatile default once and stores it, without touching the "
                                + "rows), and drop this SET NOT NULL."));
    }

    /**
     * The same statement also rewrites the table (a type change that copies the rows): PostgreSQL checks NOT NULL
     * while it copies, with no scan of its own, and change-column-type reports the rewrite.
     */
    static boolean rewrites(RuleContext ctx, Statement.AlterTable at) {
        for (AlterAction a : at.actions()) {
            if (a instanceof AlterAction.AlterColumnType act) {
                java.util.Optional<io.miglint.model.TypeRef> old =
                        ctx.schema().column(at.table(), act.column()).map(Column::type);
                boolean trivialUsing =
                        act.using() == null || act.using().normalized().equals(act.column());
                if (!trivialUsing || old.isPresent() && TypeChangeCost.rewritesRows(old.get(), act.type())) {
                    return true;
                }
            }
        }
        return false;
    }
}
