package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * Adding a CHECK or FOREIGN KEY checks every existing row while the lock is held: ACCESS EXCLUSIVE for CHECK; SHARE
 * ROW EXCLUSIVE on both the table and the referenced table for a foreign key. NOT VALID skips the check for old rows,
 * and VALIDATE CONSTRAINT later takes only SHARE UPDATE EXCLUSIVE (ROW SHARE on the referenced table)
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES).
 * An inline REFERENCES on a new column with no default has only NULLs to check, so only a default makes it costly.
 */
@RuleInfo(id = "constraint-without-not-valid", summary = "CHECK or FOREIGN KEY added without NOT VALID checks every "
        + "row under lock", severity = Severity.WARNING, category = Category.LOCKING)
public final class ConstraintWithoutNotValid implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at) || ctx.script().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        String t = at.table().toString();
        for (AlterAction a : at.actions()) {
            if (a instanceof AlterAction.AddConstraint ac && !ac.constraint().notValid()) {
                TableConstraint c = ac.constraint();
                if (c.kind() == TableConstraint.Kind.FOREIGN_KEY) {
                    String name = c.name() != null ? c.name()
                            : at.table().name() + "_" + String.join("_", c.columns()) + "_fkey";
                    reportForeignKey(ctx, a, t, c.references().table().toString(), name, "",
                            "(" + String.join(", ", c.columns()) + ") REFERENCES " + c.references().table());
                } else if (c.kind() == TableConstraint.Kind.CHECK) {
                    String name = c.name() != null ? c.name() : at.table().name() + "_check";
                    ctx.report(a.span(), "adding CHECK constraint " + (c.name() != null ? c.name() + " " : "")
                                    + "checks every row of " + t + " under an ACCESS EXCLUSIVE lock, blocking reads "
                                    + "and writes until the scan ends")
                            .help("`ALTER TABLE " + t + " ADD CONSTRAINT " + name + " CHECK (" + c.check().text()
                                    + ") NOT VALID;` then, in a separate transaction or migration, `ALTER TABLE " + t
                                    + " VALIDATE CONSTRAINT " + name + ";` (it does not block reads or writes).");
                }
            } else if (a instanceof AlterAction.AddColumn add && add.column().references() != null
                    && add.column().defaultExpr() != null && !add.column().defaultExpr().isNullLiteral()) {
                ColumnDef col = add.column();
                reportForeignKey(ctx, a, t, col.references().table().toString(),
                        at.table().name() + "_" + col.name() + "_fkey", "Add the column without REFERENCES ("
                                + "`ALTER TABLE " + t + " ADD COLUMN " + col.name() + " " + col.type().text()
                                + " DEFAULT " + col.defaultExpr().text().trim() + ";`), then ",
                        "(" + col.name() + ") REFERENCES " + col.references().table());
            }
        }
    }

    private static void reportForeignKey(RuleContext ctx, AlterAction a, String t, String referenced, String name,
                                         String addColumnFirst, String definition) {
        boolean self = referenced.equals(t);
        ctx.report(a.span(), "adding foreign key " + name + " checks every row of " + t + " while holding a SHARE ROW "
                        + "EXCLUSIVE lock on " + t + (self ? " (which it references)" : " and on the referenced table "
                        + referenced) + ", blocking writes to " + (self ? "it" : "both") + " until the check ends")
                .help(addColumnFirst + "`ALTER TABLE " + t + " ADD CONSTRAINT " + name + " FOREIGN KEY " + definition
                        + " NOT VALID;` then, in a separate transaction or migration, `ALTER TABLE " + t
                        + " VALIDATE CONSTRAINT " + name + ";` (writes continue while it validates).");
    }
}
