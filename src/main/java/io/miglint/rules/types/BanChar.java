package io.miglint.rules.types;

import io.miglint.model.ParsedStatement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * char(n) pads with spaces, and the padding is ignored in some comparisons and kept in others, so 'a' and 'a  '
 * compare equal but differ after a cast to text; it is no faster than text
 * (https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_char.28n.29). The quoted one-byte type "char" is
 * something else and is not flagged.
 */
@RuleInfo(
        id = "ban-char",
        summary = "Column uses char(n)",
        severity = Severity.INFO,
        category = Category.TYPES,
        optIn = true)
public final class BanChar implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        for (DeclaredColumnType d : DeclaredColumnType.in(s, ctx)) {
            if (!d.type().name().equals("char") || d.quoted()) {
                continue;
            }
            String n =
                    d.type().modifiers().isEmpty() ? "1" : d.type().modifiers().get(0);
            ctx.report(
                            d.span(),
                            d.where() + " is char(" + n + "): values are blank-padded to " + n
                                    + " characters, the padding is dropped in some comparisons and kept in others, and "
                                    + "longer values fail")
                    .help("Use `" + d.columnName() + " text` (with `CHECK (char_length(" + d.columnName() + ") = " + n
                            + ")` if the length is fixed).");
        }
    }
}
