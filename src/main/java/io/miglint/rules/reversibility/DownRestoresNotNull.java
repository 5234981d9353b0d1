package io.miglint.rules.reversibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.schema.Column;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.Rollback;
import io.miglint.rules.WrittenSql;

/**
 * A down that gives a column back the NOT NULL its up dropped fails on the first NULL written since the up, whatever
 * the deploy: the harm is the rollback failing, not a lock (set-not-null reports the scan of a NOT NULL that is not a
 * restore). Not reported when an earlier statement of the down fills or deletes those rows.
 */
@RuleInfo(
        id = "down-restores-not-null",
        summary = "A down restores NOT NULL without dealing with the NULLs the up allowed",
        severity = Severity.WARNING,
        category = Category.REVERSIBILITY)
public final class DownRestoresNotNull implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        for (AlterAction a : at.actions()) {
            if (a instanceof AlterAction.SetNotNull snn
                    && Rollback.restores(ctx, s, a)
                    && Rollback.upAllowedNull(ctx, at.table(), snn.column())
                    && !ctx.schema()
                            .column(at.table(), snn.column())
                            .map(Column::notNull)
                            .orElse(false)
                    && !Rollback.valuesDealtWith(ctx, s, at.table(), snn.column())) {
                ctx.report(
                                a.span(),
                                "rolling back makes " + at.table() + "." + snn.column() + " NOT NULL "
                                        + "again: the down fails if a row written since the up holds NULL there (the up "
                                        + "allowed it)")
                        .help("Decide in the down what becomes of those rows before SET NOT NULL (`UPDATE "
                                + WrittenSql.name(at.table()) + " SET " + WrittenSql.ident(snn.column())
                                + " = … WHERE " + WrittenSql.ident(snn.column()) + " IS NULL;` or a DELETE), or "
                                + "keep the column nullable in the down if the release rolled back to copes with "
                                + "NULL.");
            }
        }
    }
}
