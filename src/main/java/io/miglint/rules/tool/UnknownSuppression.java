package io.miglint.rules.tool;

import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.rule.SuppressionDirective;
import io.miglint.sql.Token;

/** A typo in a suppression comment silences nothing; say so instead of letting the reader believe it works. */
@RuleInfo(
        id = "unknown-suppression",
        summary = "Suppression comment names a rule that does not exist",
        severity = Severity.WARNING,
        category = Category.TOOL)
public final class UnknownSuppression implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        for (Token c : script.comments()) {
            SuppressionDirective d = SuppressionDirective.parse(
                    script.source().slice(c.start(), c.end()), script.source().span(c.start(), c.end()));
            if (d == null) {
                continue;
            }
            if (d.ruleIds().isEmpty()) {
                ctx.report(d.span(), "this miglint suppression names no rule, so it silences nothing")
                        .help("Name the rules: `-- miglint:ignore require-concurrent-index reason`.");
            }
            for (String id : d.ruleIds()) {
                if (!ctx.isKnownRule(id)) {
                    ctx.report(d.span(), "'" + id + "' is not a miglint rule, so this comment silences nothing")
                            .help("Use an id from `miglint rules`; check the spelling.");
                }
            }
        }
    }
}
