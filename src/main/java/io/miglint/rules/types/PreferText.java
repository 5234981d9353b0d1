package io.miglint.rules.types;

import io.miglint.model.ParsedStatement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * In PostgreSQL varchar(n) and text are stored the same way; the length limit only makes a later change harder:
 * raising it is cheap, but lowering it or changing it on older servers rewrites the table, and the limit is usually a
 * guess (https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_varchar.28n.29_by_default). Plain varchar
 * without a length is text by another name and is not flagged.
 */
@RuleInfo(
        id = "prefer-text",
        summary = "Column uses varchar(n) instead of text with a CHECK",
        severity = Severity.INFO,
        category = Category.TYPES,
        optIn = true)
public final class PreferText implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        for (DeclaredColumnType d : DeclaredColumnType.in(s, ctx)) {
            if (!d.type().name().equals("varchar") || d.type().modifiers().isEmpty()) {
                continue;
            }
            String n = d.type().modifiers().get(0);
            ctx.report(
                            d.span(),
                            d.where() + " is varchar(" + n + "): the length is enforced by the type, so "
                                    + "changing it later means ALTER COLUMN TYPE under an ACCESS EXCLUSIVE lock (a rewrite "
                                    + "when it shrinks), and values over " + n + " characters fail with an error")
                    .help("Use `" + d.columnName() + " text` with a constraint you can replace without a rewrite: "
                            + "`CHECK (char_length(" + d.columnName() + ") <= " + n + ")` (add a new one NOT VALID, "
                            + "then VALIDATE it).");
        }
    }
}
