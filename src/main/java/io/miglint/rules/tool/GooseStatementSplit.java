package io.miglint.rules.tool;

import io.miglint.layout.Direction;
import io.miglint.layout.GooseScript;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Category;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import io.miglint.rules.naming.MigrationName;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import java.util.List;

/**
 * A goose statement cut in the middle. Outside a StatementBegin/StatementEnd block goose ends a statement at every
 * line whose last word ends in {@code ;} (internal/sqlparser/parser.go, endsWithSemicolon), without reading quotes:
 * a function body in {@code $$} (or a string, or a BEGIN ATOMIC body) with a line ending in {@code ;} is sent in
 * pieces, and PostgreSQL rejects the first piece ("unterminated dollar-quoted string"). psql reads such a file
 * whole, so it works by hand and fails under goose.
 */
@RuleInfo(
        id = "goose-statement-split",
        summary = "goose cuts a statement at a line ending in ';' inside it",
        severity = Severity.ERROR,
        category = Category.TOOL)
public final class GooseStatementSplit implements SetRule {
    @Override
    public void check(MigrationSet set, SetContext ctx) {
        if (set.layout() != LayoutKind.GOOSE) {
            return;
        }
        for (Migration m : set.migrations()) {
            MigrationScript script = m.up() != null ? m.up() : m.down();
            if (script == null) {
                continue;
            }
            String text = ctx.text(script.file());
            if (text == null) {
                continue;
            }
            GooseScript goose = GooseScript.parse(text);
            if (goose.problem().isPresent()) {
                continue; // goose refuses the file; the reading reported why
            }
            List<RawStatement> psql = StatementSplitter.split(new SourceText(script.displayPath(), text))
                    .statements();
            java.util.Set<RawStatement> reported =
                    java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Direction d : List.of(Direction.UP, Direction.DOWN)) {
                for (GooseScript.Statement g : goose.statements(d)) {
                    if (g.block()) {
                        continue;
                    }
                    RawStatement cut = cutBy(psql, g.end());
                    if (cut == null || !reported.add(cut)) {
                        continue; // the first cut is the one PostgreSQL rejects, and goose stops there
                    }
                    int lineStart = text.lastIndexOf('\n', g.end() - 1) + 1;
                    int line = 1
                            + (int) text.substring(0, lineStart)
                                    .chars()
                                    .filter(c -> c == '\n')
                                    .count();
                    int firstLine = cut.span().line();
                    ctx.reportAt(
                                    script.file(),
                                    MigrationName.ref(m),
                                    line,
                                    1,
                                    g.end() - lineStart,
                                    "goose ends the statement that starts on line " + firstLine + " here, at this "
                                            + "line's final ';', which is inside it (a quoted or dollar-quoted body): "
                                            + "goose sends the statement in pieces and PostgreSQL rejects the first, "
                                            + "so `goose " + (d == Direction.UP ? "up" : "down") + "` fails at this "
                                            + "migration although psql runs the file")
                            .help("Put the statement between a `-- +goose StatementBegin` line and a "
                                    + "`-- +goose StatementEnd` line: goose sends a block whole.");
                }
            }
        }
    }

    /** The psql statement that goes on past {@code end} although goose ends one there; null when they agree. */
    private static RawStatement cutBy(List<RawStatement> psql, int end) {
        for (RawStatement s : psql) {
            if (s.span().start() < end && end < s.span().end()) {
                return s;
            }
            if (s.span().start() >= end) {
                return null;
            }
        }
        return null;
    }
}
