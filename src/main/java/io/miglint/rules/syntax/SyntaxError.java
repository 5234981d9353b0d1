package io.miglint.rules.syntax;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;

/** Only text that cannot be PostgreSQL; what the parser merely cannot model stays silent. */
@RuleInfo(
        id = "syntax-error",
        summary = "Statement is not valid PostgreSQL",
        severity = Severity.ERROR,
        category = Category.SYNTAX)
public final class SyntaxError implements ScriptRule {
    /** Whether this rule reports the statement: its text is out of PostgreSQL's grammar. */
    public static boolean reports(ParsedStatement s) {
        return s.node() instanceof Statement.Unparsed u && u.certainlyInvalid();
    }

    @Override
    public void check(ScriptView script, RuleContext ctx) {
        for (ParsedStatement s : script.statements()) {
            if (reports(s) && s.node() instanceof Statement.Unparsed u) {
                ctx.report(
                                s,
                                "this statement is not valid PostgreSQL (" + u.reason() + "); the migration will fail "
                                        + "here and, without a transaction, leave the database half-migrated")
                        .help("Fix the statement and run it against a scratch database (`miglint verify`) before "
                                + "merging.");
            }
        }
    }
}
