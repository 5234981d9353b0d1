package io.miglint.verify;

import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.rule.Location;
import io.miglint.rule.MigrationRef;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * A migration script read from disk: its file text (for positions), the section the script covers, and the
 * statements inside that section as psql would cut them.
 */
public record LoadedScript(
        Migration migration,
        MigrationScript script,
        SourceText source,
        int start,
        int end,
        List<RawStatement> statements) {

    public static LoadedScript load(Migration migration, MigrationScript script) throws IOException {
        String text;
        try {
            text = Files.readString(script.file(), StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new NotUtf8Exception();
        }
        SourceText source = new SourceText(script.displayPath(), script.seen(text));
        int start = Math.max(0, Math.min(script.start(), text.length()));
        int end = script.end() < 0 ? text.length() : Math.min(script.end(), text.length());
        List<RawStatement> statements = StatementSplitter.split(source).statements().stream()
                .filter(s -> s.span().start() >= start && s.span().end() <= end)
                .toList();
        if (migration.layout() == io.miglint.layout.LayoutKind.GOOSE) {
            statements = asGooseSends(source, statements, script.direction());
        }
        return new LoadedScript(migration, script, source, start, end, statements);
    }

    /**
     * The statements as goose sends them (GooseScript): a StatementBegin/End block of several statements is one
     * query, and a statement goose cuts at a line ending in {@code ;} inside a quoted body is sent cut, so PostgreSQL
     * fails on it as under goose. Each keeps the psql statements' tokens and comments that start inside it.
     */
    private static List<RawStatement> asGooseSends(
            SourceText source, List<RawStatement> psql, io.miglint.layout.Direction direction) {
        io.miglint.layout.GooseScript goose = io.miglint.layout.GooseScript.parse(source.text());
        List<RawStatement> out = new java.util.ArrayList<>();
        for (io.miglint.layout.GooseScript.Statement g : goose.statements(direction)) {
            if (g.text().isEmpty() || g.end() <= g.start()) {
                continue;
            }
            List<io.miglint.sql.Token> tokens = new java.util.ArrayList<>();
            List<io.miglint.sql.Token> comments = new java.util.ArrayList<>();
            for (RawStatement s : psql) {
                for (io.miglint.sql.Token t : s.tokens()) {
                    if (t.start() >= g.start() && t.start() < g.end()) {
                        tokens.add(t);
                    }
                }
                for (io.miglint.sql.Token t : s.comments()) {
                    if (t.start() >= g.start() && t.start() < g.end()) {
                        comments.add(t);
                    }
                }
            }
            if (tokens.isEmpty()) {
                continue;
            }
            out.add(new RawStatement(
                    source,
                    source.span(g.start(), g.end()),
                    List.copyOf(tokens),
                    List.copyOf(comments),
                    RawStatement.Kind.SQL));
        }
        return out;
    }

    /**
     * A script that is not UTF-8 text, said in words: the JDK's own message is "Input length = 1" (the lint reports
     * the position of the first bad byte).
     */
    public static final class NotUtf8Exception extends java.nio.charset.CharacterCodingException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            return "not valid UTF-8 text";
        }
    }

    /** The exact text the tool sends when it sends the script as one query. */
    public String text() {
        return source.slice(start, end);
    }

    public List<RawStatement> sqlStatements() {
        return statements.stream()
                .filter(s -> s.kind() == RawStatement.Kind.SQL)
                .toList();
    }

    String displayPath() {
        return script.displayPath();
    }

    MigrationRef ref() {
        return new MigrationRef(migration.version().text(), migration.name(), script.direction());
    }

    /** Where the script's first statement starts (its section start when it has none). */
    public int firstOffset() {
        return statements.isEmpty() ? start : statements.get(0).span().start();
    }

    public Location location(int offset, int endOffset) {
        int s = Math.max(0, Math.min(offset, source.text().length()));
        int e = Math.max(s, Math.min(endOffset, source.text().length()));
        return new Location(
                script.file(),
                script.displayPath(),
                source.lineOf(s),
                source.columnOf(s),
                source.lineOf(e),
                source.columnOf(e));
    }

    Location location(RawStatement statement) {
        return location(statement.span().start(), statement.span().end());
    }

    /** The statement that contains {@code offset}, or null. */
    RawStatement statementAt(int offset) {
        for (RawStatement s : statements) {
            if (s.span().start() <= offset
                    && offset < Math.max(s.span().end(), s.span().start() + 1)) {
                return s;
            }
        }
        return null;
    }
}
