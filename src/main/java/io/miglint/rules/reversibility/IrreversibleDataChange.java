package io.miglint.rules.reversibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A down that re-creates the schema but not the rows gives a rollback that looks complete and silently loses data.
 * Only judged when the down does something (an empty or no-op down is down-empty's concern) and has no DO block,
 * which may restore data or refuse the rollback on purpose.
 */
@RuleInfo(
        id = "irreversible-data-change",
        summary = "The up destroys data that its down cannot restore",
        severity = Severity.WARNING,
        category = Category.REVERSIBILITY,
        optIn = true)
public final class IrreversibleDataChange implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        ScriptView script = ctx.script();
        if (script.isDown() || script.counterpart().isEmpty()) {
            return;
        }
        Statement n = s.node();
        if (n instanceof Statement.Delete d) {
            judge(ctx, s, d.table(), "deletes rows of " + d.table());
        } else if (n instanceof Statement.Truncate t) {
            // one statement, one finding: the first table at risk is named with the others
            t.tables().stream()
                    .filter(table -> atRisk(ctx, s, table))
                    .findFirst()
                    .ifPresent(table -> judge(
                            ctx,
                            s,
                            table,
                            "empties "
                                    + String.join(
                                            ", ",
                                            t.tables().stream()
                                                    .filter(x -> atRisk(ctx, s, x))
                                                    .map(QualifiedName::toString)
                                                    .toList())));
        } else if (n instanceof Statement.Update u) {
            ScriptRecord before = ctx.schema().currentScript();
            // Filling a column the same up added (a backfill) loses nothing: the down drops the column anyway.
            if (!u.setColumns().stream().allMatch(c -> before.createsColumn(u.table(), c))) {
                judge(ctx, s, u.table(), "overwrites " + String.join(", ", u.setColumns()) + " of " + u.table());
            }
        } else if (n instanceof Statement.Drop d && d.kind() == ObjectKind.TABLE) {
            List<String> atRisk = d.names().stream()
                    .filter(table -> atRisk(ctx, s, table))
                    .map(QualifiedName::toString)
                    .toList();
            d.names().stream()
                    .filter(table -> atRisk(ctx, s, table))
                    .findFirst()
                    .ifPresent(table -> judge(
                            ctx,
                            s,
                            table,
                            "drops " + (atRisk.size() > 1 ? "tables " : "table ") + String.join(", ", atRisk)
                                    + " with all " + (atRisk.size() > 1 ? "their" : "its") + " rows"));
        } else if (n instanceof Statement.AlterTable at) {
            ScriptRecord before = ctx.schema().currentScript();
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.DropColumn dc && !before.createsColumn(at.table(), dc.column())) {
                    judge(ctx, s, at.table(), "drops " + at.table() + "." + dc.column() + " with its values");
                    return;
                }
            }
        }
    }

    /** Whether the table's data is lost for a rollback: it existed before the script, and the down refills none. */
    private static boolean atRisk(RuleContext ctx, ParsedStatement s, QualifiedName table) {
        ScriptView script = ctx.script();
        if (table == null || ctx.wholeScript().tableCreatedBefore(table, s.index()) || systemCatalog(table)) {
            return false;
        }
        var downStatements = script.counterpart().get();
        boolean downDoesSomething = downStatements.stream()
                .anyMatch(p -> p.isSql()
                        && !(p.node() instanceof Statement.Select)
                        && !(p.node() instanceof Statement.Transaction)
                        && !(p.node() instanceof Statement.SetParameter));
        if (!downDoesSomething || downStatements.stream().anyMatch(p -> p.node() instanceof Statement.DoBlock)) {
            return false;
        }
        ScriptRecord down = script.memo("irreversible-data-change.down", () -> ScriptRecord.of(downStatements));
        return !(down.fills(table)
                || Pattern.compile("\\b" + Pattern.quote(table.name()) + "\\b")
                        .matcher(down.opaqueText())
                        .find());
    }

    private static void judge(RuleContext ctx, ParsedStatement s, QualifiedName table, String what) {
        if (!atRisk(ctx, s, table)) {
            return;
        }
        // drop-table and drop-column weigh the lost data of a drop: they warn, or stay quiet where the folder shows
        // the drop loses nothing or finishes a planned move (a drop-column contract step, a table emptied first).
        // One warning per statement is enough, so this one stays as information about the rollback either way.
        QualifiedName backup = new QualifiedName(table.schema(), table.name() + "_backup");
        boolean dropWarned = s.node() instanceof Statement.Drop || s.node() instanceof Statement.AlterTable;
        io.miglint.rule.FindingDraft draft = ctx.report(
                        s,
                        "the up " + what + ", and the down has no INSERT or UPDATE "
                                + "that could bring the data back: a rollback restores the schema but the data is lost")
                .help("Copy the data at risk to a backup table in the up (`CREATE TABLE " + WrittenSql.name(backup)
                        + " AS SELECT * FROM " + WrittenSql.name(table) + ";` before this statement) and restore it "
                        + "in the down (`INSERT INTO " + WrittenSql.name(table) + " SELECT * FROM "
                        + WrittenSql.name(backup) + ";`), or declare the "
                        + "migration irreversible: make the down fail with "
                        + "`DO $$ BEGIN RAISE EXCEPTION 'irreversible migration'; END $$;`.");
        if (dropWarned) {
            draft.severity(io.miglint.rule.Severity.INFO);
        }
    }

    /**
     * System catalogs (pg_index flags toggled to pause an index, say) hold no application data to lose.
     * https://www.postgresql.org/docs/current/catalogs.html
     */
    private static boolean systemCatalog(QualifiedName table) {
        return table.schema() == null
                ? table.name().startsWith("pg_")
                : table.schema().equals("pg_catalog");
    }
}
