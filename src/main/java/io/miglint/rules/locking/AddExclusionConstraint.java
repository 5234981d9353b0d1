package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * ADD EXCLUDE builds its index and checks every row under ACCESS EXCLUSIVE. Unlike UNIQUE and PRIMARY KEY there is
 * no USING INDEX form and no NOT VALID for exclusion constraints
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT), so no
 * online way exists.
 */
@RuleInfo(
        id = "add-exclusion-constraint",
        summary = "ADD EXCLUDE locks the table while its index is built",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true)
public final class AddExclusionConstraint implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())
                || NewTables.young(ctx, at.table(), s)) {
            return; // young, small (folder or table stats) or empty: a short rewrite
        }
        for (AlterAction a : at.actions()) {
            if (io.miglint.rules.Rollback.restores(ctx, s, a)) {
                continue;
            }
            if (a instanceof AlterAction.AddConstraint ac && ac.constraint().kind() == TableConstraint.Kind.EXCLUDE) {
                String t = at.table().toString();
                String name = ac.constraint().name() != null ? ac.constraint().name() + " " : "";
                NewTables.lowerIfRecent(
                        ctx,
                        at.table(),
                        ctx.report(
                                        a.span(),
                                        "adding exclusion constraint " + name
                                                + " builds its index and checks every row "
                                                + "of " + t
                                                + " under an ACCESS EXCLUSIVE lock, blocking reads and writes throughout; "
                                                + "PostgreSQL has no concurrent or NOT VALID form for it")
                                .help(
                                        "There is no online way. Either run it in a maintenance window, or build a new table "
                                                + "with the constraint (`CREATE TABLE " + t + "_new (LIKE " + t
                                                + " INCLUDING ALL, "
                                                + "EXCLUDE …);`), copy the rows in batches while a trigger mirrors new writes, then "
                                                + "swap the names in one short transaction (`ALTER TABLE " + t
                                                + " RENAME TO " + t
                                                + "_old; ALTER TABLE " + t + "_new RENAME TO " + t + ";`)."));
            }
        }
    }
}
