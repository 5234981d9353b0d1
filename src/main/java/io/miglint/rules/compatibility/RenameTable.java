package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.Optional;

/**
 * Running instances of the old code keep querying the old table name until they are all replaced. A down that
 * renames back what its up renamed is the normal reversal.
 */
@RuleInfo(
        id = "rename-table",
        summary = "Renaming a table breaks code that still uses the old name",
        severity = Severity.WARNING,
        category = Category.COMPATIBILITY,
        onlineOnly = true)
public final class RenameTable implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        Optional<ScriptRecord> up = ctx.schemaAfterUp().map(SchemaModel::currentScript);
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.RenameTable rt)) {
                continue;
            }
            String to = new QualifiedName(at.table().schema(), rt.to()).key();
            if ((up.isPresent()
                            && (up.get().createsTable(at.table())
                                    || up.get().renames().stream()
                                            .anyMatch(r -> r.table() == null
                                                    && r.from().equals(to)
                                                    && r.to().equals(at.table().key()))))
                    || ctx.schemaBeforeUp()
                            .flatMap(m -> m.table(QualifiedName.of(to)))
                            .isPresent()
                    || ctx.wholeScript().createsTable(at.table())) {
                // A down giving a table back the name it had before the up restores what a rollback's code expects;
                // a script that creates a new table under the old name (a rebuild) leaves the old name working.
                continue;
            }
            ctx.report(
                            a.span(),
                            "renaming table " + at.table() + " to " + rt.to() + " breaks every running "
                                    + "instance of the old code: its queries on " + at.table()
                                    + " fail with 'relation does "
                                    + "not exist' until all instances are redeployed")
                    .help("Rename and leave a view under the old name so old and new code both work (`ALTER TABLE "
                            + WrittenSql.name(at.table()) + " RENAME TO " + WrittenSql.ident(rt.to())
                            + "; CREATE VIEW " + WrittenSql.name(at.table()) + " AS SELECT * FROM "
                            + WrittenSql.name(new QualifiedName(at.table().schema(), rt.to()))
                            + ";` — a simple view is updatable), then drop the view once no "
                            + "deployed code uses the old name; or expand and contract: new table, dual-write, "
                            + "backfill, switch reads, drop the old one later.");
        }
    }
}
