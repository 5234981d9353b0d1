package io.miglint.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's lexical structure (https://www.postgresql.org/docs/current/sql-syntax-lexical.html) plus the two things
 * psql adds when it runs a migration file: backslash meta-commands and inline {@code COPY … FROM stdin} data
 * (https://www.postgresql.org/docs/current/app-psql.html). One forward pass, no backtracking beyond a few characters,
 * and never an exception: text that cannot be lexed becomes an {@link TokenKind#ERROR} token.
 */
public final class Lexer {
    private final String text;
    private final int length;
    private final List<Token> tokens;
    private final StatementBoundary boundary = new StatementBoundary();
    private boolean copyDataPending;

    private Lexer(String text) {
        this.text = text;
        this.length = text.length();
        this.tokens = new ArrayList<>(Math.max(16, length / 5));
    }

    /** Every token of {@code text} in source order, comments and errors included. */
    public static List<Token> lex(String text) {
        return new Lexer(text).run();
    }

    private List<Token> run() {
        int i = 0;
        while (i < length) {
            if (copyDataPending && isLineStart(i)) {
                copyDataPending = false;
                i = copyData(i);
                continue;
            }
            char c = text.charAt(i);
            if (isWhitespace(c)) {
                i++;
            } else {
                i = token(i, c);
            }
        }
        return tokens;
    }

    private int token(int i, char c) {
        char next = charAt(i + 1);
        switch (c) {
            case '-':
                if (next == '-') {
                    return lineComment(i);
                }
                return operator(i);
            case '/':
                if (next == '*') {
                    return blockComment(i);
                }
                return operator(i);
            case '\'':
                return standardString(i, i);
            case '"':
                return quotedIdentifier(i, i, false);
            case '$':
                return dollar(i);
            case '\\':
                return psqlMeta(i);
            case '(':
            case ')':
            case '[':
            case ']':
            case ',':
            case ';':
                return emit(TokenKind.PUNCT, i, i + 1, String.valueOf(c));
            case ':':
                // '::' is the type cast and ':=' the named-argument/assignment token; both are lexed as one unit.
                if (next == ':' || next == '=') {
                    return emit(TokenKind.OPERATOR, i, i + 2, text.substring(i, i + 2));
                }
                return emit(TokenKind.PUNCT, i, i + 1, ":");
            case '.':
                if (isDigit(next)) {
                    return number(i);
                }
                return emit(TokenKind.PUNCT, i, i + 1, ".");
            default:
                break;
        }
        if (isDigit(c)) {
            return number(i);
        }
        if (isIdentStart(c)) {
            return wordOrPrefixedLiteral(i, c, next);
        }
        if (isOperatorChar(c)) {
            return operator(i);
        }
        return emit(TokenKind.ERROR, i, i + 1, String.format("unexpected character U+%04X", (int) c));
    }

    private int emit(TokenKind kind, int start, int end, String value) {
        Token token = new Token(kind, start, end, value);
        tokens.add(token);
        if (kind == TokenKind.PSQL_META) {
            boundary.reset();
        } else if (kind != TokenKind.LINE_COMMENT && kind != TokenKind.BLOCK_COMMENT && kind != TokenKind.COPY_DATA
                && boundary.accept(token) && boundary.endedCopyFromStdin()) {
            copyDataPending = true;
        }
        return end;
    }

    private int errorToEnd(int start, String message) {
        return emit(TokenKind.ERROR, start, length, message);
    }

    // ---- comments and psql ----

    private int lineComment(int i) {
        int end = lineEnd(i);
        return emit(TokenKind.LINE_COMMENT, i, end, text.substring(i, end));
    }

    /** Block comments nest in PostgreSQL, unlike in the SQL standard's C-style reading. */
    private int blockComment(int i) {
        int depth = 1;
        int j = i + 2;
        while (j < length) {
            char c = text.charAt(j);
            if (c == '*' && charAt(j + 1) == '/') {
                j += 2;
                if (--depth == 0) {
                    return emit(TokenKind.BLOCK_COMMENT, i, j, text.substring(i, j));
                }
            } else if (c == '/' && charAt(j + 1) == '*') {
                depth++;
                j += 2;
            } else {
                j++;
            }
        }
        return errorToEnd(i, "unterminated block comment");
    }

    /** psql reads a backslash command up to the end of its line; it is never sent to the server. */
    private int psqlMeta(int i) {
        int end = lineEnd(i);
        return emit(TokenKind.PSQL_META, i, end, text.substring(i, end));
    }

    /**
     * After {@code COPY … FROM stdin;} psql streams the following input lines to the server until a line that is
     * exactly {@code \.} (https://www.postgresql.org/docs/current/sql-copy.html); with no such line, to end of input.
     */
    private int copyData(int start) {
        int lineStart = start;
        while (lineStart < length) {
            int end = lineEnd(lineStart);
            if (end - lineStart == 2 && text.charAt(lineStart) == '\\' && text.charAt(lineStart + 1) == '.') {
                return emit(TokenKind.COPY_DATA, start, end, text.substring(start, end));
            }
            lineStart = afterLineBreak(end);
        }
        return emit(TokenKind.COPY_DATA, start, length, text.substring(start, length));
    }

    // ---- strings and identifiers ----

    /** {@code '…'} with standard_conforming_strings on (the default since 9.1): a backslash is an ordinary char. */
    private int standardString(int tokenStart, int quote) {
        int j = quote + 1;
        StringBuilder value = null;
        int segment = j;
        while (true) {
            int close = text.indexOf('\'', j);
            if (close < 0) {
                return errorToEnd(tokenStart, "unterminated quoted string");
            }
            if (charAt(close + 1) == '\'') {
                if (value == null) {
                    value = new StringBuilder();
                }
                value.append(text, segment, close + 1);
                j = close + 2;
                segment = j;
                continue;
            }
            String content = value == null ? text.substring(segment, close)
                    : value.append(text, segment, close).toString();
            return emit(TokenKind.STRING, tokenStart, close + 1, content);
        }
    }

    /** {@code E'…'}: C-style backslash escapes, so {@code \'} and {@code \\} do not end the string. */
    private int escapeString(int tokenStart, int quote) {
        int j = quote + 1;
        while (j < length) {
            char c = text.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == '\'') {
                if (charAt(j + 1) == '\'') {
                    j += 2;
                } else {
                    return emit(TokenKind.STRING, tokenStart, j + 1, EscapeResolution.cStyle(text, quote + 1, j));
                }
            } else {
                j++;
            }
        }
        return errorToEnd(tokenStart, "unterminated quoted string");
    }

    /** {@code B'…'} and {@code X'…'} have no {@code ''} escape in PostgreSQL's scanner: the first quote ends them. */
    private int bitString(int tokenStart, int quote) {
        int close = text.indexOf('\'', quote + 1);
        if (close < 0) {
            return errorToEnd(tokenStart, "unterminated bit-string literal");
        }
        return emit(TokenKind.STRING, tokenStart, close + 1, text.substring(quote + 1, close));
    }

    private int unicodeString(int tokenStart, int quote) {
        int end = standardString(tokenStart, quote);
        Token last = tokens.get(tokens.size() - 1);
        if (last.kind() == TokenKind.STRING) {
            tokens.set(tokens.size() - 1,
                    new Token(TokenKind.STRING, last.start(), last.end(), EscapeResolution.unicode(last.value())));
        }
        return end;
    }

    /** {@code "…"} keeps case and may hold any character; {@code ""} stands for one double quote. */
    private int quotedIdentifier(int tokenStart, int quote, boolean unicode) {
        int j = quote + 1;
        StringBuilder value = new StringBuilder();
        while (true) {
            int close = text.indexOf('"', j);
            if (close < 0) {
                return errorToEnd(tokenStart, "unterminated quoted identifier");
            }
            value.append(text, j, close);
            if (charAt(close + 1) == '"') {
                value.append('"');
                j = close + 2;
                continue;
            }
            String name = unicode ? EscapeResolution.unicode(value.toString()) : value.toString();
            return emit(TokenKind.QUOTED_IDENT, tokenStart, close + 1, name);
        }
    }

    private int wordOrPrefixedLiteral(int i, char c, char next) {
        if (next == '\'') {
            switch (c) {
                case 'e', 'E':
                    return escapeString(i, i + 1);
                case 'b', 'B', 'x', 'X':
                    return bitString(i, i + 1);
                case 'n', 'N':
                    return standardString(i, i + 1);
                default:
                    break;
            }
        }
        if ((c == 'u' || c == 'U') && next == '&') {
            char quote = charAt(i + 2);
            if (quote == '\'') {
                return unicodeString(i, i + 2);
            }
            if (quote == '"') {
                return quotedIdentifier(i, i + 2, true);
            }
        }
        int j = i + 1;
        while (j < length && isIdentContinue(text.charAt(j))) {
            j++;
        }
        return emit(TokenKind.WORD, i, j, text.substring(i, j));
    }

    /** {@code $1} is a parameter; {@code $tag$…$tag$} a dollar-quoted string whose tag cannot itself hold a '$'. */
    private int dollar(int i) {
        char next = charAt(i + 1);
        if (isDigit(next)) {
            int j = i + 1;
            while (j < length && isDigit(text.charAt(j))) {
                j++;
            }
            return emit(TokenKind.PARAM, i, j, text.substring(i, j));
        }
        int tagEnd = i + 1;
        if (isIdentStart(next)) {
            tagEnd++;
            while (tagEnd < length && isIdentContinue(text.charAt(tagEnd)) && text.charAt(tagEnd) != '$') {
                tagEnd++;
            }
        }
        if (charAt(tagEnd) != '$') {
            return emit(TokenKind.ERROR, i, i + 1, "unexpected character $");
        }
        String delimiter = text.substring(i, tagEnd + 1);
        int close = text.indexOf(delimiter, tagEnd + 1);
        if (close < 0) {
            return errorToEnd(i, "unterminated dollar-quoted string " + delimiter);
        }
        return emit(TokenKind.DOLLAR_STRING, i, close + delimiter.length(), text.substring(tagEnd + 1, close));
    }

    // ---- numbers and operators ----

    /**
     * Integers with optional {@code _} separators and 0x/0o/0b prefixes (PostgreSQL 16), decimals, and exponents.
     * {@code 1..10} lexes as {@code 1} followed by {@code ..}, as PostgreSQL does for PL/pgSQL ranges.
     */
    private int number(int i) {
        int j;
        char radix = Character.toLowerCase(charAt(i + 1));
        if (text.charAt(i) == '0' && (radix == 'x' || radix == 'o' || radix == 'b')) {
            int end = digits(i + 2, radix, true);
            if (end > i + 2) {
                return emit(TokenKind.NUMBER, i, end, text.substring(i, end));
            }
        }
        if (text.charAt(i) == '.') {
            j = digits(i + 1, 'd', false);
        } else {
            j = digits(i, 'd', false);
            if (charAt(j) == '.' && charAt(j + 1) != '.') {
                j++;
                if (isDigit(charAt(j))) {
                    j = digits(j, 'd', false);
                }
            }
        }
        char e = charAt(j);
        if (e == 'e' || e == 'E') {
            int k = j + 1;
            if (charAt(k) == '+' || charAt(k) == '-') {
                k++;
            }
            if (isDigit(charAt(k))) {
                j = digits(k, 'd', false);
            }
        }
        return emit(TokenKind.NUMBER, i, j, text.substring(i, j));
    }

    /** End of a digit run where a single {@code _} may separate digits (and, after a radix prefix, lead them). */
    private int digits(int start, char radix, boolean leadingUnderscore) {
        int j = start;
        if (leadingUnderscore && charAt(j) == '_' && isRadixDigit(charAt(j + 1), radix)) {
            j++;
        }
        while (j < length) {
            char c = text.charAt(j);
            if (isRadixDigit(c, radix)) {
                j++;
            } else if (c == '_' && j > start && isRadixDigit(charAt(j + 1), radix)) {
                j += 2;
            } else {
                break;
            }
        }
        return j;
    }

    /**
     * PostgreSQL's operator rule (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-OPERATORS):
     * the longest run of operator characters, cut before a {@code --} or {@code /*} inside it, and a multi-char
     * operator may end in {@code +} or {@code -} only if it holds one of {@code ~ ! @ # % ^ & | ` ?}, so that
     * {@code a*-b} reads as {@code a * -b}.
     */
    private int operator(int i) {
        int j = i + 1;
        while (j < length && isOperatorChar(text.charAt(j))) {
            char c = text.charAt(j);
            char after = charAt(j + 1);
            if ((c == '-' && after == '-') || (c == '/' && after == '*')) {
                break;
            }
            j++;
        }
        if (j - i > 1) {
            boolean special = false;
            for (int k = i; k < j && !special; k++) {
                special = "~!@#%^&|`?".indexOf(text.charAt(k)) >= 0;
            }
            if (!special) {
                while (j - i > 1 && (text.charAt(j - 1) == '+' || text.charAt(j - 1) == '-')) {
                    j--;
                }
            }
        }
        return emit(TokenKind.OPERATOR, i, j, text.substring(i, j));
    }

    // ---- character classes ----

    private char charAt(int i) {
        return i < length ? text.charAt(i) : '\0';
    }

    private int lineEnd(int from) {
        int j = from;
        while (j < length) {
            char c = text.charAt(j);
            if (c == '\n' || c == '\r') {
                break;
            }
            j++;
        }
        return j;
    }

    private int afterLineBreak(int lineEnd) {
        if (lineEnd >= length) {
            return length;
        }
        if (text.charAt(lineEnd) == '\r' && charAt(lineEnd + 1) == '\n') {
            return lineEnd + 2;
        }
        return lineEnd + 1;
    }

    private boolean isLineStart(int i) {
        if (i == 0) {
            return true;
        }
        char before = text.charAt(i - 1);
        return before == '\n' || (before == '\r' && text.charAt(i) != '\n');
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isRadixDigit(char c, char radix) {
        return switch (radix) {
            case 'x' -> isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            case 'o' -> c >= '0' && c <= '7';
            case 'b' -> c == '0' || c == '1';
            default -> isDigit(c);
        };
    }

    /** PostgreSQL treats every non-ASCII character as a letter in identifiers. */
    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentContinue(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isOperatorChar(char c) {
        return switch (c) {
            case '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?' -> true;
            default -> false;
        };
    }
}
