package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.ObjectRef;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Application instances still running the old code query the old column name until every one of them is replaced,
 * so a rename breaks them the moment it commits. A down that renames back what its up renamed is the normal reversal.
 */
@RuleInfo(
        id = "rename-column",
        summary = "Renaming a column breaks code that still uses the old name",
        severity = Severity.WARNING,
        category = Category.COMPATIBILITY,
        onlineOnly = true)
public final class RenameColumn implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())
                || RenameTable.renamedEarlier(ctx, s, at.table()).isPresent()) {
            // a table the script renamed before (tracetest's transaction_runs, then its columns): the old code's
            // queries of it already fail at the rename, which rename-table reports
            return;
        }
        Optional<ScriptRecord> up = ctx.schemaAfterUp().map(SchemaModel::currentScript);
        ScriptRecord before = ctx.schema().currentScript();
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.RenameColumn rc)) {
                continue;
            }
            if (up.isPresent() && reverses(up.get(), at.table(), rc)
                    || before.createsColumn(at.table(), rc.from())
                    || restoresColumn(ctx, up, at.table(), rc.to())
                    || ctx.wholeScript()
                            .creates(new ObjectRef(
                                    ObjectKind.COLUMN, rc.from(), at.table().key()))) {
                // A column added earlier in the script is unknown to deployed code; one added again under the old
                // name later (a rebuild: add, copy, drop, rename) leaves the old name working.
                continue;
            }
            ctx.report(
                            a.span(),
                            "renaming " + at.table() + "." + rc.from() + " to " + rc.to() + " breaks every "
                                    + "running instance of the old code: its queries on " + rc.from() + " fail with "
                                    + "'column does not exist' until all instances are redeployed")
                    .help("Expand and contract: add the new column (`ALTER TABLE " + at.table()
                            + " ADD COLUMN IF NOT EXISTS " + rc.to() + " …;`), write to both, backfill in batches, "
                            + "switch reads to " + rc.to() + ", and drop " + rc.from()
                            + " in a later migration once no deployed code uses it.");
        }
    }

    /** The up renamed this column the other way (on this table, or on the table under its name before the up). */
    private static boolean reverses(ScriptRecord up, QualifiedName table, AlterAction.RenameColumn rc) {
        if (up.createsColumn(table, rc.from())) {
            return true;
        }
        List<String> names = namesBeforeUp(Optional.of(up), table);
        return up.renames().stream()
                .anyMatch(r -> r.table() != null
                        && names.contains(r.table())
                        && r.from().equals(rc.to())
                        && r.to().equals(rc.from()));
    }

    /**
     * A down that gives a column back the name it had before the up restores what the code of a rollback expects,
     * even when an earlier migration made that name (or the up renamed the table meanwhile).
     */
    private static boolean restoresColumn(
            RuleContext ctx, Optional<ScriptRecord> up, QualifiedName table, String name) {
        return ctx.schemaBeforeUp().isPresent()
                && namesBeforeUp(up, table).stream()
                        .anyMatch(t -> ctx.schemaBeforeUp()
                                .get()
                                .column(QualifiedName.of(t), name)
                                .isPresent());
    }

    /** The table's key, plus the key it had before the up renamed it to this one. */
    private static List<String> namesBeforeUp(Optional<ScriptRecord> up, QualifiedName table) {
        List<String> names = new ArrayList<>(List.of(table.key()));
        up.ifPresent(u -> u.renames().stream()
                .filter(r -> r.kind() == ObjectKind.TABLE && r.table() == null && r.to().equals(table.key()))
                .forEach(r -> names.add(r.from())));
        return names;
    }
}
