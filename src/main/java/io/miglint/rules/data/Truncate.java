package io.miglint.rules.data;

import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.SchemaModel;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.List;
import java.util.Optional;

/**
 * TRUNCATE takes an ACCESS EXCLUSIVE lock and empties the table outright; with CASCADE it also empties every table
 * that references it, however far the foreign keys reach (https://www.postgresql.org/docs/current/sql-truncate.html).
 * Emptying a table in a migration is nearly always deliberate, so a table is not reported where the script shows why
 * (see {@link WholeTableContext}): it is refilled later in the same transaction (a derived table rebuilt), a comment
 * right above explains it, or a down empties what its up filled. Opt-in: 1 of 6 corpus findings was worth a
 * reviewer's time.
 */
@RuleInfo(
        id = "truncate",
        summary = "TRUNCATE empties a table (CASCADE: every referencing table too)",
        severity = Severity.WARNING,
        category = Category.DATA,
        optIn = true)
public final class Truncate implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Truncate t)) {
            return;
        }
        var script = ctx.script();
        if (WholeTableContext.explanation(script, s).isPresent()) {
            return;
        }
        var up = ctx.schemaAfterUp().map(SchemaModel::currentScript);
        List<QualifiedName> kept = t.tables().stream()
                .filter(x -> !ctx.wholeScript().tableCreatedBefore(x, s.index()))
                .filter(x -> up.isEmpty() || !up.get().createsTable(x))
                .filter(x -> !(script.isDown() && WholeTableContext.undoesUp(ctx, x)))
                .filter(x -> WholeTableContext.refilledLater(script, s, x).isEmpty())
                .toList();
        if (kept.isEmpty()) {
            return;
        }
        List<String> tables = kept.stream().map(QualifiedName::toString).toList();
        String names = String.join(", ", tables);
        if (t.cascade()) {
            ctx.report(
                            s,
                            "TRUNCATE … CASCADE empties " + names + " and every table that references "
                                    + (tables.size() == 1 ? "it" : "them") + " through a foreign key, with no way back")
                    .help("Name each table to empty explicitly and drop CASCADE, so TRUNCATE fails instead of "
                            + "silently emptying a referencing table: `TRUNCATE " + names + ";`.");
            return;
        }
        QualifiedName first = kept.get(0);
        String backup = WholeTableContext.backup(first);
        WholeTableContext.Key key = WholeTableContext.key(ctx, first);
        Optional<ParsedStatement> needsEmpty = WholeTableContext.needsEmptyLater(script, s, first);
        ctx.report(
                        s,
                        "TRUNCATE empties " + names + " for good and holds an ACCESS EXCLUSIVE lock on "
                                + (tables.size() == 1 ? "it" : "them") + ": every query on " + names + " waits")
                .help("If the data is needed, copy it first (" + backup + ")"
                        + (needsEmpty.isPresent()
                                ? "; the statement at line "
                                        + needsEmpty.get().span().line() + " adds a NOT NULL column "
                                        + "without a default, which needs the table empty, so it must be emptied here."
                                : ". To remove rows without blocking readers, "
                                        + WholeTableContext.batches(
                                                script,
                                                s,
                                                "WITH batch AS (SELECT " + key.sql() + " FROM "
                                                        + WrittenSql.name(first) + " LIMIT 10000) DELETE FROM "
                                                        + WrittenSql.name(first) + " WHERE "
                                                        + key.sql() + " IN (SELECT " + key.sql() + " FROM batch);",
                                                key)
                                        + "."));
    }
}
