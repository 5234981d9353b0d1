package io.miglint.sql;

import java.util.Locale;

/**
 * One lexical token. {@code start}/{@code end} are char offsets into the {@link SourceText}; {@code value} is the
 * logical value (identifier with quotes removed, string content with escapes resolved where cheap, or the raw text).
 */
public record Token(TokenKind kind, int start, int end, String value) {

    public boolean isComment() {
        return kind == TokenKind.LINE_COMMENT || kind == TokenKind.BLOCK_COMMENT;
    }

    /** True for an unquoted word equal (ignoring case) to {@code word}. */
    public boolean is(String word) {
        return kind == TokenKind.WORD && value.equalsIgnoreCase(word);
    }

    public boolean isPunct(char c) {
        return kind == TokenKind.PUNCT && value.length() == 1 && value.charAt(0) == c;
    }

    /** Lower-cased value for unquoted words (PostgreSQL folds them), the value itself otherwise. */
    public String lower() {
        return kind == TokenKind.WORD ? value.toLowerCase(Locale.ROOT) : value;
    }

    /** The name this token denotes when used as an identifier: folded if unquoted, exact if quoted. */
    public String identifier() {
        return lower();
    }
}
