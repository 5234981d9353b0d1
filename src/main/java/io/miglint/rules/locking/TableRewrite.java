package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Span;
import java.util.List;

/**
 * VACUUM FULL, CLUSTER and ALTER TABLE SET TABLESPACE / SET LOGGED / SET UNLOGGED / SET ACCESS METHOD copy the whole
 * table into new files and rebuild its indexes while holding ACCESS EXCLUSIVE
 * (https://www.postgresql.org/docs/current/sql-vacuum.html, .../sql-cluster.html, .../sql-altertable.html).
 * Without a table, VACUUM FULL and CLUSTER do this to every table they can reach.
 */
@RuleInfo(
        id = "table-rewrite",
        summary = "Statement rewrites a whole table under ACCESS EXCLUSIVE",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true)
public final class TableRewrite implements StatementRule {
    private static final String HELP = "Rewrite online with pg_repack (`pg_repack --table=%s`) or pg_squeeze, "
            + "which hold ACCESS EXCLUSIVE only for a brief swap at the end; otherwise run it in a maintenance "
            + "window, not in a migration.";

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (s.node() instanceof Statement.Vacuum v && v.full()) {
            report(ctx, s, s.span(), v.tables(), "VACUUM FULL");
        } else if (s.node() instanceof Statement.Cluster c) {
            report(ctx, s, s.span(), c.table() == null ? List.of() : List.of(c.table()), "CLUSTER");
        } else if (s.node() instanceof Statement.AlterTable at) {
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.Rewrite r) {
                    report(ctx, s, a.span(), List.of(at.table()), r.what().toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
    }

    private static void report(RuleContext ctx, ParsedStatement s, Span span, List<QualifiedName> tables, String what) {
        List<QualifiedName> existing = tables.stream() // nor a table the table stats show small: copied in a moment
                .filter(t -> !ctx.wholeScript().tableCreatedBefore(t, s.index())
                        && !io.miglint.rules.MeasuredTables.small(ctx, t))
                .toList();
        if (!tables.isEmpty() && existing.isEmpty()) {
            return;
        }
        String names = existing.isEmpty()
                ? "every table in the database"
                : String.join(
                        ", ", existing.stream().map(QualifiedName::toString).toList());
        ctx.report(
                        span,
                        what + " rewrites " + names + " and rebuilds " + (existing.size() == 1 ? "its" : "their")
                                + " indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes until the copy ends")
                .help(String.format(HELP, existing.isEmpty() ? "<table>" : existing.get(0)));
    }
}
