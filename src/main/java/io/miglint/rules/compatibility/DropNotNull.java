package io.miglint.rules.compatibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import java.util.Optional;

/**
 * Once NULLs are allowed, new rows may carry them while old code still assumes the column is always set. A down
 * dropping a NOT NULL its own up set is the normal reversal. Opt-in: 3 of 8 corpus findings were worth a reviewer's
 * time, since relaxing a constraint is mostly the deliberate first step of a change the new code makes, and whether
 * old code still runs against the new schema depends on how the project deploys, which no migration says.
 */
@RuleInfo(
        id = "drop-not-null",
        summary = "Dropping NOT NULL lets NULLs reach code that assumes none",
        severity = Severity.INFO,
        category = Category.COMPATIBILITY,
        optIn = true)
public final class DropNotNull implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        Optional<ScriptRecord> up = ctx.schemaAfterUp().map(SchemaModel::currentScript);
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.DropNotNull dn)
                    || up.isPresent()
                            && (up.get().setsNotNull(at.table(), dn.column())
                                    || up.get().createsColumn(at.table(), dn.column()))) {
                continue;
            }
            ctx.report(
                            a.span(),
                            at.table() + "." + dn.column() + " may hold NULL from now on: running code that "
                                    + "assumes a value (no null check, a non-nullable field) fails on such rows")
                    .help("Make sure every deployed reader of " + dn.column() + " handles NULL before this "
                            + "migration runs"
                            + (unique(ctx, at.table(), dn.column())
                                    ? "."
                                    : ", or keep the "
                                            + "constraint and give new rows a default (`ALTER TABLE " + at.table()
                                            + " ALTER COLUMN "
                                            + dn.column() + " SET DEFAULT …;`)."));
        }
    }

    /** A column with its own unique index or key: one constant default would collide on the second new row. */
    private static boolean unique(RuleContext ctx, io.miglint.model.QualifiedName table, String column) {
        return ctx.schema()
                .table(table)
                .map(t -> t.indexes().stream()
                        .anyMatch(i -> i.unique() && i.columns().equals(java.util.List.of(column))))
                .orElse(false);
    }
}
