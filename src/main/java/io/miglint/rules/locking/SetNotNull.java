package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
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
@RuleInfo(id = "set-not-null", summary = "SET NOT NULL scans the table under ACCESS EXCLUSIVE",
        severity = Severity.WARNING, category = Category.LOCKING)
public final class SetNotNull implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at) || ctx.script().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        List<String> columns = new ArrayList<>();
        Span first = null;
        boolean anyProven = false;
        for (AlterAction a : at.actions()) {
            if (a instanceof AlterAction.SetNotNull snn && io.miglint.rules.Rollback.restores(ctx, s, a)) {
                // the rollback's scan is how the old NOT NULL comes back; what can go wrong is a NULL written since
                if (io.miglint.rules.Rollback.upAllowedNull(ctx, at.table(), snn.column())
                        && !ctx.schema().column(at.table(), snn.column()).map(Column::notNull).orElse(false)
                        && !io.miglint.rules.Rollback.valuesDealtWith(ctx, s, at.table(), snn.column())) {
                    ctx.report(a.span(), "rolling back makes " + at.table() + "." + snn.column() + " NOT NULL "
                                    + "again: the down fails if a row written since the up holds NULL there (the up "
                                    + "allowed it)")
                            .help("Decide in the down what becomes of those rows before SET NOT NULL (`UPDATE "
                                    + WrittenSql.name(at.table()) + " SET " + WrittenSql.ident(snn.column())
                                    + " = … WHERE " + WrittenSql.ident(snn.column()) + " IS NULL;` or a DELETE), or "
                                    + "keep the column nullable in the down if the release rolled back to copes with "
                                    + "NULL.");
                }
                continue;
            }
            if (!(a instanceof AlterAction.SetNotNull snn)
                    || ctx.schema().column(at.table(), snn.column()).map(Column::notNull).orElse(false)) {
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
        if (first == null) {
            return;
        }
        // One statement scans the table once, however many columns it sets: one finding naming them all.
        String t = at.table().toString();
        String alter = WrittenSql.alterTable(s, at);
        String cols = String.join(", ", columns);
        List<String> checks = columns.stream().map(c -> WrittenSql.ident(c + "_not_null")).toList();
        List<String> add = new ArrayList<>();
        StringBuilder validate = new StringBuilder();
        List<String> drop = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            add.add("ADD CONSTRAINT " + checks.get(i) + " CHECK (" + WrittenSql.ident(columns.get(i))
                    + " IS NOT NULL) NOT VALID");
            validate.append(i == 0 ? "" : " ").append(alter).append(" VALIDATE CONSTRAINT ").append(checks.get(i))
                    .append(';');
            drop.add("DROP CONSTRAINT " + checks.get(i));
        }
        ctx.report(first, "SET NOT NULL on " + t + " (" + cols + ") scans every row of " + t + " under an ACCESS "
                        + "EXCLUSIVE lock, blocking reads and writes until the scan ends"
                        + (anyProven ? " (PostgreSQL " + ctx.pgVersion() + " cannot use the validated CHECK; 12+ can)"
                        : ""))
                .help(OwnMigration.downInOneTransaction(ctx.script()) ? "This down cannot avoid the scan: "
                        + OwnMigration.noWayInDown(ctx.script()) + ", and the scan-free route needs a CHECK validated "
                        + "in a transaction of its own before SET NOT NULL. Roll back when " + t + " can be blocked "
                        + "for the scan, or leave the column nullable in the down if the old release does not rely on "
                        + "NOT NULL."
                        : ctx.pgVersion() < 12
                        ? "Before PostgreSQL 12 there is no scan-free way: run it in a maintenance window, or "
                        + "keep `CHECK (" + columns.get(0) + " IS NOT NULL)` as the constraint instead of SET NOT NULL."
                        : "Prove it first without blocking: `" + alter + " " + String.join(", ", add) + ";` then, in "
                        + "a separate transaction, `" + validate + "` then "
                        + (at.actions().stream().allMatch(a -> a instanceof AlterAction.SetNotNull)
                        ? "`" + WrittenSql.text(s, s.span()).replaceAll("\\s*;$", "") + ";`"
                        : "the statement as written") + ", which scans nothing now, and `"
                        + alter + " " + String.join(", ", drop) + ";`.");
    }
}
