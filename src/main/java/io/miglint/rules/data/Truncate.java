package io.miglint.rules.data;

import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.SchemaChanges;
import java.util.List;

/**
 * TRUNCATE takes an ACCESS EXCLUSIVE lock and empties the table outright; with CASCADE it also empties every table
 * that references it, however far the foreign keys reach
 * (https://www.postgresql.org/docs/current/sql-truncate.html).
 */
@RuleInfo(id = "truncate", summary = "TRUNCATE empties a table (CASCADE: every referencing table too)",
        severity = Severity.WARNING, category = Category.DATA)
public final class Truncate implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Truncate t)) {
            return;
        }
        var up = SchemaChanges.upOf(ctx.script());
        List<String> tables = t.tables().stream()
                .filter(x -> !ctx.script().tableCreatedBefore(x, s.index()))
                .filter(x -> up.isEmpty() || !up.get().createsTable(x))
                .map(QualifiedName::toString).toList();
        if (tables.isEmpty()) {
            return;
        }
        String names = String.join(", ", tables);
        if (t.cascade()) {
            ctx.report(s, "TRUNCATE … CASCADE empties " + names + " and every table that references "
                            + (tables.size() == 1 ? "it" : "them") + " through a foreign key, with no way back")
                    .help("Name each table to empty explicitly and drop CASCADE, so TRUNCATE fails instead of "
                            + "silently emptying a referencing table: `TRUNCATE " + names + ";` — or delete the "
                            + "intended rows in batches.");
            return;
        }
        ctx.report(s, "TRUNCATE empties " + names + " for good and holds an ACCESS EXCLUSIVE lock on "
                        + (tables.size() == 1 ? "it" : "them") + ": every query on " + names + " waits")
                .help("If the data is needed, copy it first (`CREATE TABLE " + t.tables().get(0).name()
                        + "_backup AS SELECT * FROM " + tables.get(0) + ";`); to remove rows without blocking "
                        + "readers, delete in batches: `WITH batch AS (SELECT id FROM " + tables.get(0)
                        + " LIMIT 10000) DELETE FROM " + tables.get(0) + " WHERE id IN (SELECT id FROM batch);`");
    }
}
