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
        Optional<ParsedStatement> copied = kept.size() == 1 ? copiedOutBefore(ctx, kept.get(0), s.index())
                : Optional.empty();
        ctx.report(s, "dropping " + names + " breaks running instances of the old code that still query "
                        + (tables.size() == 1 ? "it" : "them") + (copied.isPresent() ? " (its rows were copied out "
                        + "by the statement at line " + copied.get().span().line() + ", so they are kept)"
                        : ", and every row is lost"))
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

    /**
     * An earlier statement of the script that copies the table's rows elsewhere (INSERT … SELECT … FROM it, or
     * CREATE TABLE … AS SELECT … FROM it): the data is moved, not lost.
     */
    private static Optional<ParsedStatement> copiedOutBefore(RuleContext ctx, QualifiedName table, int before) {
        for (ParsedStatement earlier : ctx.script().statements().subList(0, before)) {
            boolean copies = earlier.node() instanceof Statement.Insert
                    || earlier.node() instanceof Statement.CreateTable;
            if (!copies || !earlier.isSql()) {
                continue;
            }
            List<io.miglint.sql.Token> t = earlier.raw().body();
            boolean inSelect = false;
            for (int i = 0; i + 1 < t.size(); i++) {
                inSelect |= t.get(i).is("select");
                if (inSelect && (t.get(i).is("from") || t.get(i).is("join"))) {
                    int j = i + 1;
                    while (j + 2 < t.size() && t.get(j + 1).isPunct('.')) {
                        j += 2;
                    }
                    String id = t.get(j).identifier();
                    if (id != null && id.equalsIgnoreCase(table.name())) {
                        return Optional.of(earlier);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A down dropping a table that did not exist before its up restores what a rollback's code expects. */
    private static boolean newSinceBeforeUp(RuleContext ctx, QualifiedName table) {
        return ctx.schemaBeforeUp().isPresent() && ctx.schemaBeforeUp().get().table(table).isEmpty()
                && ctx.schema().table(table).isPresent();
    }
}
