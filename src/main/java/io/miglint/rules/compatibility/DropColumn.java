package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import io.miglint.rules.SchemaChanges;
import io.miglint.rules.AuthorComment;
import io.miglint.sql.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Code still running selects or inserts the column until every instance is replaced, and its values are gone for
 * good. One finding per statement, naming every column it drops. Not reported: a down dropping a column its own up
 * added (the normal reversal), a column the same script added or added back (add _new, copy, drop, rename), one whose
 * values an earlier statement of the script copied elsewhere (a move), and columns the author's comment right above
 * or the migration's name calls unused. Where the drop is one of a run of removals that also drops functions or
 * triggers, the migration takes a whole feature out, and the message says so.
 */
@RuleInfo(id = "drop-column", summary = "Dropping a column breaks code that still uses it and loses its data",
        severity = Severity.WARNING, category = Category.COMPATIBILITY, onlineOnly = true)
public final class DropColumn implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at) || ctx.script().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        Optional<SchemaChanges> up = SchemaChanges.upOf(ctx.script());
        SchemaChanges before = SchemaChanges.before(ctx.script(), s.index());
        List<AlterAction.DropColumn> dropped = new ArrayList<>();
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.DropColumn dc) || before.createsColumn(at.table(), dc.column())
                    || up.isPresent() && up.get().createsColumn(at.table(), dc.column())
                    || rebuilt(ctx, at, dc.column()) || newSinceBeforeUp(ctx, at, dc.column())
                    || Retirement.columnCopiedOut(ctx.script(), at.table(), dc.column(), s.index()).isPresent()) {
                continue;
            }
            dropped.add(dc);
        }
        if (dropped.isEmpty() || AuthorComment.saysUnused(ctx.script(), s)) {
            return;
        }
        List<String> columns = dropped.stream().map(AlterAction.DropColumn::column).toList();
        String named = at.table() + "." + (columns.size() == 1 ? columns.get(0)
                : "{" + String.join(", ", columns) + "}");
        String it = columns.size() == 1 ? "it" : "them";
        Optional<Retirement.Feature> feature = Retirement.featureRemoval(ctx.script(), s);
        String message = feature.isPresent()
                ? "dropping " + named + " takes out part of a feature this migration removes (" + feature.get().where(it)
                + "): running instances of the old code that still select or insert " + it + " break, and the values are lost for good"
                : "dropping " + named + " breaks running instances of the old code that still select or insert "
                + it + ", and " + (columns.size() == 1 ? "its" : "their") + " values are lost for good";
        Span span = columns.size() == 1 ? dropped.get(0).span() : s.span();
        String first = columns.get(0);
        ctx.report(span, message)
                .help("First deploy code that no longer reads or writes " + String.join(", ", columns) + "; drop "
                        + it + " in a later migration. Keep the data if it may be needed: `CREATE TABLE "
                        + WrittenSql.name(new QualifiedName(at.table().schema(), at.table().name() + "_"
                        + (columns.size() == 1 ? first : "dropped_columns") + "_backup")) + " AS SELECT "
                        + (columns.contains("id") ? "" : "id, ") + WrittenSql.idents(columns) + " FROM "
                        + WrittenSql.name(at.table()) + ";` (with the table's key in place of id).");
    }

    /**
     * The script puts a column back under the same name (add _new, copy, drop, rename; or an existing column renamed
     * into it): the name keeps working.
     */
    private static boolean rebuilt(RuleContext ctx, Statement.AlterTable at, String column) {
        SchemaChanges all = SchemaChanges.of(ctx.script().statements());
        return all.creates(new SchemaChanges.DbObject(ObjectKind.COLUMN, column, at.table().key()))
                || all.renames().stream().anyMatch(r -> r.kind() == ObjectKind.COLUMN
                && at.table().key().equals(r.table()) && column.equals(r.to()));
    }

    /** A down removing a column its table did not have before the up restores what a rollback's code expects. */
    private static boolean newSinceBeforeUp(RuleContext ctx, Statement.AlterTable at, String column) {
        if (ctx.schemaBeforeUp().isEmpty()) {
            return false;
        }
        // the table may carry the name the up gave it: look it up under its name from before the up
        QualifiedName table = SchemaChanges.upOf(ctx.script()).flatMap(up -> up.renames().stream()
                .filter(r -> r.kind() == ObjectKind.TABLE && r.table() == null && r.to().equals(at.table().key()))
                .map(r -> QualifiedName.of(r.from())).findFirst()).orElse(at.table());
        return ctx.schemaBeforeUp().get().table(table).isPresent()
                && ctx.schemaBeforeUp().get().column(table, column).isEmpty();
    }
}
