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
import java.util.Optional;

/**
 * Code still running selects or inserts the column until every instance is replaced, and its values are gone for
 * good. A down dropping a column its own up added is the normal reversal.
 */
@RuleInfo(id = "drop-column", summary = "Dropping a column breaks code that still uses it and loses its data",
        severity = Severity.WARNING, category = Category.COMPATIBILITY)
public final class DropColumn implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at) || ctx.script().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        Optional<SchemaChanges> up = SchemaChanges.upOf(ctx.script());
        SchemaChanges before = SchemaChanges.before(ctx.script(), s.index());
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.DropColumn dc) || before.createsColumn(at.table(), dc.column())
                    || up.isPresent() && up.get().createsColumn(at.table(), dc.column())
                    || rebuilt(ctx, at, dc.column()) || newSinceBeforeUp(ctx, at, dc.column())) {
                continue;
            }
            String col = at.table() + "." + dc.column();
            ctx.report(a.span(), "dropping " + col + " breaks running instances of the old code that still select "
                            + "or insert it, and its values are lost for good")
                    .help("First deploy code that no longer reads or writes " + dc.column() + "; drop it in a later "
                            + "migration. Keep the data if it may be needed: `CREATE TABLE " + WrittenSql.name(
                            new QualifiedName(at.table().schema(), at.table().name() + "_" + dc.column() + "_backup"))
                            + " AS SELECT " + (dc.column().equals("id") ? "" : "id, ") + WrittenSql.ident(dc.column())
                            + " FROM " + WrittenSql.name(at.table()) + ";` (with the table's key in place of id).");
        }
    }

    /** The script adds a column under the same name again (add _new, copy, drop, rename): the name keeps working. */
    private static boolean rebuilt(RuleContext ctx, Statement.AlterTable at, String column) {
        return SchemaChanges.of(ctx.script().statements()).creates(new SchemaChanges.DbObject(ObjectKind.COLUMN,
                column, at.table().key()));
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
