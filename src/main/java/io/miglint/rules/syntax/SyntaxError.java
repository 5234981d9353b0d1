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

    /**
     * What to change, where the statement shows it: a dbmate marker swallowed by the statement, or the smallest edit
     * that makes the statement one PostgreSQL accepts ({@link SyntaxRepair}), written out in full.
     */
    static String help(ParsedStatement s) {
        for (io.miglint.sql.Token c : s.raw().comments()) {
            String line = s.raw()
                    .source()
                    .slice(s.raw().source().lineStart(s.raw().source().lineOf(c.start())), c.start());
            if (!line.isEmpty() && line.isBlank() && c.value().matches("(?s)--\\s*migrate:(up|down)\\b.*")) {
                return "dbmate reads `" + c.value().strip() + "` only at the start of a line: the one on line "
                        + s.raw().source().lineOf(c.start()) + " is indented, so the statements after it run as part "
                        + "of this one. End the statement before it with `;` and move the marker to column 1.";
            }
        }
        return SyntaxRepair.of(s)
                .map(r -> "PostgreSQL accepts it with this change: " + r.what() + ": `"
                        + r.sql().strip().replaceAll("\\s+", " ") + "`. Run it against a scratch database "
                        + "(`miglint verify`) before merging.")
                .orElse("Fix the statement and run it against a scratch database (`miglint verify`) before "
                        + "merging.");
    }

    /**
     * What the error does to the run: a file sent as one query string is parsed whole before any of it runs
     * (PostgreSQL's simple-query protocol), a transaction rolls back what ran before, and only statements run one by
     * one without a transaction leave part of the migration applied.
     */
    private static String consequence(ScriptView script, ParsedStatement s) {
        if (script.execution().singleQuery()) {
            return "PostgreSQL rejects the whole file before running any of it, so the migration fails and none of "
                    + "it is applied";
        }
        return script.execution().wrapped() || script.inTransaction(s)
                ? "the migration fails here and its transaction rolls back what ran before it"
                : "the migration will fail here and, without a transaction, leave the database half-migrated";
    }

    /**
     * A "statement" of no-break spaces only (U+00A0 after the last {@code ;}: DHIS2's V2_36_20): PostgreSQL reads the
     * character as part of a word and rejects it, but Flyway's parser swallows it as a blank and sends nothing
     * (flyway-core Parser.readToken), so under Flyway the file runs.
     */
    private static boolean onlyNoBreakSpace(ParsedStatement s) {
        return !s.raw().body().isEmpty()
                && s.raw().body().stream()
                        .allMatch(t -> !t.value().isEmpty()
                                && t.value().replace('\u00A0', ' ').isBlank());
    }

    @Override
    public void check(ScriptView script, RuleContext ctx) {
        for (ParsedStatement s : script.statements()) {
            if (reports(s)
                    && s.node() instanceof Statement.Unparsed u
                    && !(script.layout() == io.miglint.layout.LayoutKind.FLYWAY && onlyNoBreakSpace(s))) {
                ctx.report(s, "this statement is not valid PostgreSQL (" + u.reason() + "); " + consequence(script, s))
                        .help(help(s));
            }
        }
    }
}
