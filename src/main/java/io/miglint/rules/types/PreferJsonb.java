package io.miglint.rules.types;

import io.miglint.model.ParsedStatement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * json keeps the input text and re-parses it on every access; it has no equality operator (so no DISTINCT, GROUP BY
 * or UNIQUE) and no GIN index support (https://www.postgresql.org/docs/current/datatype-json.html).
 */
@RuleInfo(
        id = "prefer-jsonb",
        summary = "Column uses json instead of jsonb",
        severity = Severity.INFO,
        category = Category.TYPES,
        optIn = true)
public final class PreferJsonb implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        for (DeclaredColumnType d : DeclaredColumnType.in(s, ctx)) {
            if (d.type().name().equals("json")) {
                ctx.report(
                                d.span(),
                                d.where() + " is json: every access re-parses the text, it cannot be "
                                        + "compared (no DISTINCT, GROUP BY or UNIQUE) and cannot use a GIN index")
                        .help("Use `" + d.columnName() + " jsonb`; keep json only when key order or duplicate "
                                + "keys of the input must be preserved.");
            }
        }
    }
}
