package io.miglint.sql;

import java.util.List;

/**
 * One top-level statement as the splitter found it.
 *
 * @param source   the file it came from
 * @param span     from the first significant token to the terminating {@code ;} (inclusive) or the last token
 * @param tokens   significant tokens (no comments), including the terminating {@code ;} when present
 * @param comments comments between the previous statement and this one (suppression comments live here) plus those
 *                 inside this statement, in source order
 * @param kind     SQL, a psql meta-command, or inline COPY data
 */
public record RawStatement(SourceText source, Span span, List<Token> tokens, List<Token> comments, Kind kind) {
    public enum Kind {
        SQL,
        PSQL_META,
        COPY_DATA
    }

    public String text() {
        return source.slice(span);
    }

    /** Tokens without the trailing semicolon. */
    public List<Token> body() {
        int n = tokens.size();
        if (n > 0 && tokens.get(n - 1).isPunct(';')) {
            return tokens.subList(0, n - 1);
        }
        return tokens;
    }

    public Span spanOf(Token token) {
        return source.span(token.start(), token.end());
    }

    public Span spanOf(Token first, Token last) {
        return source.span(first.start(), last.end());
    }
}
