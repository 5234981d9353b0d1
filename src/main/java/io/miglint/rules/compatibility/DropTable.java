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
import java.util.List;
import java.util.Optional;

/**
 * Running code still queries the table until every instance is replaced, and its rows are gone. A down dropping a
 * table its own up created is the normal reversal, and a table created earlier in the same script holds nothing yet.
 */
@RuleInfo(id = "drop-table", summary = "Dropping a table breaks code that still uses it and loses its rows",
        severity = Severity.WARNING, category = Category.COMPATIBILITY)
public final class DropTable implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Drop d) || d.kind() != ObjectKind.TABLE) {
            return;
        }
        Optional<SchemaChanges> up = SchemaChanges.upOf(ctx.script());
        List<String> tables = d.names().stream()
                .filter(t -> !ctx.script().tableCreatedBefore(t, s.index()))
                .filter(t -> up.isEmpty() || !up.get().createsTable(t))
                .filter(t -> !replacedInScript(ctx, t) && !newSinceBeforeUp(ctx, t))
                .map(QualifiedName::toString)
                .toList();
        List<QualifiedName> kept = d.names().stream().filter(t -> tables.contains(t.toString())).toList();
        if (tables.isEmpty()) {
            return;
        }
        String names = String.join(", ", tables);
        ctx.report(s, "dropping " + names + " breaks running instances of the old code that still query "
                        + (tables.size() == 1 ? "it" : "them") + ", and every row is lost")
                .help("First deploy code that no longer uses " + names + "; drop it in a later migration. To keep "
                        + "a way back, rename it instead (`ALTER TABLE " + WrittenSql.name(kept.get(0))
                        + " RENAME TO " + WrittenSql.ident(kept.get(0).name() + "_retired")
                        + ";`) and drop that once nobody misses it.");
    }

    /** The script puts a filled table back under the name (built aside and renamed, or created and filled). */
    private static boolean replacedInScript(RuleContext ctx, QualifiedName table) {
        SchemaChanges all = SchemaChanges.of(ctx.script().statements());
        return all.createsTable(table) && all.fills(table) || ctx.script().statements().stream().anyMatch(s ->
                s.node() instanceof Statement.AlterTable at && at.actions().stream().anyMatch(a ->
                        a instanceof AlterAction.RenameTable rt && rt.to().equalsIgnoreCase(table.name())));
    }

    /** A down dropping a table that did not exist before its up restores what a rollback's code expects. */
    private static boolean newSinceBeforeUp(RuleContext ctx, QualifiedName table) {
        return ctx.schemaBeforeUp().isPresent() && ctx.schemaBeforeUp().get().table(table).isEmpty()
                && ctx.schema().table(table).isPresent();
    }
}
