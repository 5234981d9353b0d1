package io.miglint.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a migration file into the statements psql would send one by one (https://www.postgresql.org/docs/current/
 * app-psql.html): a {@code ;} ends a statement only outside parentheses and outside a SQL-standard
 * {@code BEGIN ATOMIC … END} function body; a backslash command and inline COPY data stand on their own.
 */
public final class StatementSplitter {
    private StatementSplitter() {}

    /** A piece of text the lexer could not read (unterminated literal or comment, stray character). */
    public record LexError(Span span, String message) {}

    /**
     * @param statements every statement in source order
     * @param comments   every comment of the file, in source order (file-level directives live here)
     * @param errors     every {@link TokenKind#ERROR} token; the token also stays inside its statement
     */
    public record SplitResult(List<RawStatement> statements, List<Token> comments, List<LexError> errors) {}

    public static SplitResult split(SourceText src) {
        return new Run(src, false).split();
    }

    /** As {@link #split(SourceText)}, reading Flyway's {@code ${name}} placeholders as names when asked. */
    public static SplitResult split(SourceText src, boolean placeholders) {
        return new Run(src, placeholders).split();
    }

    /**
     * dbmate's section lines, and goose's annotations that end a statement: Up and Down start a section, and
     * StatementEnd sends the block before it whole (goose internal/sqlparser/parser.go; annotations are matched
     * case-insensitively there). StatementBegin ends nothing: goose adds the block to an unfinished statement.
     */
    private static final java.util.regex.Pattern SECTION_MARKER = java.util.regex.Pattern.compile(
            "--\\s*migrate:(?:up|down)\\b.*|--[\\t ]*\\+goose[\\t ]+(?i:up|down|statementend)[\\t \\r]*",
            java.util.regex.Pattern.DOTALL);

    private static final class Run {
        private final SourceText src;
        private final List<RawStatement> statements = new ArrayList<>();
        private final List<Token> allComments = new ArrayList<>();
        private final List<LexError> errors = new ArrayList<>();
        private final StatementBoundary boundary = new StatementBoundary();
        private List<Token> pending = new ArrayList<>();
        private List<Token> pendingComments = new ArrayList<>();

        private final boolean placeholders;

        Run(SourceText src, boolean placeholders) {
            this.placeholders = placeholders;
            this.src = src;
        }

        private boolean atLineStart(Token token) {
            return token.start() == 0 || src.text().charAt(token.start() - 1) == '\n';
        }

        SplitResult split() {
            for (Token token : Lexer.lex(src.text(), placeholders)) {
                if (token.isComment()) {
                    if (atLineStart(token)
                            && SECTION_MARKER
                                    .matcher(src.text().substring(token.start(), token.end()))
                                    .matches()) {
                        // dbmate cuts the file at its section markers before running anything, so a statement
                        // without a final ';' ends there: https://github.com/amacneil/dbmate#creating-migrations
                        // Only a marker in column 1 is one (dbmate's patterns are anchored with ^--); an indented
                        // one is a plain comment inside whatever statement surrounds it, as PostgreSQL reads it.
                        flush(RawStatement.Kind.SQL);
                        boundary.reset();
                    }
                    allComments.add(token);
                    pendingComments.add(token);
                    continue;
                }
                if (token.kind() == TokenKind.ERROR) {
                    errors.add(new LexError(src.span(token.start(), token.end()), token.value()));
                }
                if (token.kind() == TokenKind.PSQL_META || token.kind() == TokenKind.COPY_DATA) {
                    flush(RawStatement.Kind.SQL);
                    boundary.reset();
                    pending.add(token);
                    flush(
                            token.kind() == TokenKind.PSQL_META
                                    ? RawStatement.Kind.PSQL_META
                                    : RawStatement.Kind.COPY_DATA);
                    continue;
                }
                pending.add(token);
                if (boundary.accept(token)) {
                    flush(RawStatement.Kind.SQL);
                }
            }
            flush(RawStatement.Kind.SQL);
            return new SplitResult(List.copyOf(statements), List.copyOf(allComments), List.copyOf(errors));
        }

        /**
         * Turns the pending tokens into a statement. A lone {@code ;} is an empty statement psql would not send; its
         * comments carry over to the next statement. Comments after the statement's last token (when it ends without
         * a {@code ;}) stay pending for the next one.
         */
        private void flush(RawStatement.Kind kind) {
            if (pending.isEmpty()) {
                return;
            }
            if (pending.size() == 1 && pending.get(0).isPunct(';')) {
                pending.clear();
                return;
            }
            Token first = pending.get(0);
            Token last = pending.get(pending.size() - 1);
            List<Token> own = new ArrayList<>();
            List<Token> later = new ArrayList<>();
            for (Token comment : pendingComments) {
                (comment.start() < last.end() ? own : later).add(comment);
            }
            statements.add(new RawStatement(
                    src, src.span(first.start(), last.end()), List.copyOf(pending), List.copyOf(own), kind));
            pending = new ArrayList<>();
            pendingComments = later;
        }
    }
}
