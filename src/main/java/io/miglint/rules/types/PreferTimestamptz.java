package io.miglint.rules.types;

import io.miglint.model.ParsedStatement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * timestamp without time zone stores wall-clock digits with no zone: the same instant written by two sessions with
 * different TimeZone settings becomes two values, and comparisons across DST changes go wrong
 * (https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_timestamp_.28without_time_zone.29).
 */
@RuleInfo(
        id = "prefer-timestamptz",
        summary = "Column uses timestamp without time zone",
        severity = Severity.INFO,
        category = Category.TYPES,
        optIn = true)
public final class PreferTimestamptz implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        for (DeclaredColumnType d : DeclaredColumnType.in(s, ctx)) {
            if (d.type().name().equals("timestamp")) {
                ctx.report(
                                d.span(),
                                d.where() + " is timestamp without time zone: it records wall-clock digits, "
                                        + "not an instant, so values written under different TimeZone settings (or across a "
                                        + "DST change) cannot be compared or converted correctly")
                        .help("Use `" + d.columnName() + " timestamptz`; it stores an instant in UTC and converts "
                                + "on output. To convert an existing column: `ALTER COLUMN " + d.columnName()
                                + " TYPE timestamptz USING " + d.columnName() + " AT TIME ZONE 'UTC'`.");
            }
        }
    }
}
