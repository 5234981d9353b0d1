package io.miglint.rules.reversibility;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.TypeChangeCost;
import io.miglint.model.TypeRef;
import io.miglint.model.schema.Column;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.Rollback;
import io.miglint.rules.WrittenSql;

/**
 * A down that gives a column back the narrower type it had before the up (a shorter varchar, bigint to integer)
 * fails on the first row written since the up that does not fit, whatever the deploy: the harm is the rollback
 * failing, not the rewrite's lock (change-column-type reports that, for changes that are not restores). Not reported
 * when an earlier statement of the down deals with those values.
 */
@RuleInfo(
        id = "down-narrows-type",
        summary = "A down narrows a column back without dealing with values that no " + "longer fit",
        severity = Severity.WARNING,
        category = Category.REVERSIBILITY)
public final class DownNarrowsType implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        for (AlterAction a : at.actions()) {
            if (a instanceof AlterAction.AlterColumnType act && Rollback.restores(ctx, s, a)) {
                ctx.schema()
                        .column(at.table(), act.column())
                        .map(Column::type)
                        .filter(old -> TypeChangeCost.narrows(old, act.type())
                                && !Rollback.valuesDealtWith(ctx, s, at.table(), act.column()))
                        .ifPresent(old -> report(ctx, at, act, old));
            }
        }
    }

    private static void report(RuleContext ctx, Statement.AlterTable at, AlterAction.AlterColumnType act, TypeRef old) {
        String t = at.table().toString();
        String c = WrittenSql.ident(act.column());
        String to = act.type().name();
        String test = switch (to) {
            case "varchar" ->
                "length(" + c + ") > " + act.type().modifiers().get(0).trim();
            case "integer" -> c + " NOT BETWEEN -2147483648 AND 2147483647";
            case "smallint" -> c + " NOT BETWEEN -32768 AND 32767";
            default -> null;
        };
        ctx.report(
                        act.span(),
                        "rolling back narrows " + t + "." + act.column() + " from "
                                + old.text().trim() + " to "
                                + act.type().text().trim() + ": the down fails if a row written since the up holds "
                                + (to.equals("varchar") ? "a longer value" : "a value the old type cannot take"))
                .help("Before rolling back, look for such rows"
                        + (test == null
                                ? ""
                                : " (`SELECT count(*) FROM " + WrittenSql.name(at.table()) + " WHERE " + test + ";`)")
                        + " and decide in the down what "
                        + "becomes of them, or keep the wider type in the down if the release rolled back to reads "
                        + "it as well.");
    }
}
