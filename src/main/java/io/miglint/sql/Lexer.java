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

    /**
     * Brackets nested deeper than this are not tokens: the text from the first bracket past it to its partner is lexed
     * but kept as one {@link TokenKind#ERROR} token (a syntax-error finding at its position), so the token list stays
     * balanced and bounded. Two million nested parentheses would otherwise be four million tokens, more than a
     * 256 MiB heap holds; real migrations nest a few levels.
     */
    public static final int MAX_NESTING = 10_000;

    private static final String TOO_DEEP =
            "brackets nested deeper than " + MAX_NESTING + " levels; what is inside is not analysed";
    private int nesting;
    /** Start of the bracket past {@link #MAX_NESTING} while its content is being passed over, else -1. */
    private int tooDeepFrom = -1;
    /** The punctuation tokens' values, shared: one string per token is most of a token's size. */
    private static final String[] PUNCT = new String[128];

    static {
        for (char c : "()[],;:.".toCharArray()) {
            PUNCT[c] = String.valueOf(c);
        }
    }

    /** Whether {@code ${name}} is a Flyway placeholder, replaced by Flyway before PostgreSQL sees the text. */
    private final boolean placeholders;

    private Lexer(String text) {
        this(text, false);
    }

    private Lexer(String text, boolean placeholders) {
        this.placeholders = placeholders;
        this.text = text;
        this.length = text.length();
        this.tokens = new ArrayList<>(Math.max(16, length / 5));
    }

    /** Every token of {@code text} in source order, comments and errors included. */
    public static List<Token> lex(String text) {
        return new Lexer(text).run();
    }

    /**
     * As {@link #lex(String)}, reading {@code ${name}} as one word when {@code placeholders}: Flyway replaces its
     * placeholders ({@code ${schemaName}}, {@code ${flyway:defaultSchema}}) in a script before sending it, and fails
     * on one it has no value for, so the text PostgreSQL parses has a name there.
     */
    public static List<Token> lex(String text, boolean placeholders) {
        return new Lexer(text, placeholders).run();
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
        if (tooDeepFrom >= 0) {
            int from = tooDeepFrom;
            tooDeepFrom = -1;
            emit(TokenKind.ERROR, from, length, TOO_DEEP);
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
                return string(i, i, Quoting.STANDARD, false);
            case '"':
                return quotedIdentifier(i, i, false);
            case '$':
                return dollar(i);
            case '\\':
                return psqlMeta(i);
            case '(':
            case '[':
                if (++nesting == MAX_NESTING + 1) {
                    tooDeepFrom = i;
                }
                return emit(TokenKind.PUNCT, i, i + 1, PUNCT[c]);
            case ')':
            case ']':
                if (nesting-- == MAX_NESTING + 1) {
                    int from = tooDeepFrom;
                    tooDeepFrom = -1;
                    return emit(TokenKind.ERROR, from, i + 1, TOO_DEEP);
                }
                nesting = Math.max(0, nesting);
                return emit(TokenKind.PUNCT, i, i + 1, PUNCT[c]);
            case ',':
            case ';':
                return emit(TokenKind.PUNCT, i, i + 1, PUNCT[c]);
            case ':':
                // '::' (type cast) and ':=' (named argument, PL/pgSQL assignment) are single tokens of the scanner.
                if (next == ':' || next == '=') {
                    return emit(TokenKind.OPERATOR, i, i + 2, text.substring(i, i + 2));
                }
                return emit(TokenKind.PUNCT, i, i + 1, PUNCT[':']);
            case '.':
                if (isDigit(next)) {
                    return number(i);
                }
                // PostgreSQL's scanner has a '..' token (PL/pgSQL ranges), so '1..10' is 1, '..', 10.
                if (next == '.') {
                    return emit(TokenKind.OPERATOR, i, i + 2, "..");
                }
                return emit(TokenKind.PUNCT, i, i + 1, PUNCT['.']);
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
        if (tooDeepFrom >= 0) {
            return end;
        }
        Token token = new Token(kind, start, end, value);
        tokens.add(token);
        if (kind == TokenKind.PSQL_META) {
            boundary.reset();
        } else if (kind != TokenKind.LINE_COMMENT
                && kind != TokenKind.BLOCK_COMMENT
                && kind != TokenKind.COPY_DATA
                && boundary.accept(token)
                && boundary.endedCopyFromStdin()) {
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
        String command = text.substring(i, end);
        emit(TokenKind.PSQL_META, i, end, command);
        if (isCopyFromStdin(command)) {
            copyDataPending = true;
        }
        return end;
    }

    /**
     * psql's {@code \copy … from stdin} also reads its rows from the script itself, up to {@code \.}
     * (https://www.postgresql.org/docs/current/app-psql.html#APP-PSQL-META-COMMANDS-COPY); {@code pstdin} would
     * read psql's own standard input instead.
     */
    private static boolean isCopyFromStdin(String command) {
        if (!command.startsWith("\\copy") || isIdentContinue(charAt(command, 5))) {
            return false;
        }
        boolean previousWasFrom = false;
        for (Token token : lex(command.substring(5))) {
            if (token.kind() == TokenKind.WORD
                    && previousWasFrom
                    && token.value().equalsIgnoreCase("stdin")) {
                return true;
            }
            previousWasFrom = token.is("from");
        }
        return false;
    }

    private static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
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

    /** How the body of a string constant is read; the prefix letter decides it. */
    private enum Quoting {
        /** {@code '…'}, {@code N'…'}, {@code U&'…'}: standard_conforming_strings is on (the default since 9.1). */
        STANDARD,
        /** {@code E'…'}: C-style backslash escapes, so {@code \'} and {@code \\} do not end the string. */
        ESCAPE,
        /** {@code B'…'}, {@code X'…'}: PostgreSQL's scanner has no {@code ''} escape here; the first quote ends it. */
        BIT
    }

    /**
     * A string constant, including PostgreSQL's continuation rule: two constants separated only by whitespace that
     * holds a line break (line comments allowed) are one constant
     * (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-STRINGS).
     */
    private int string(int tokenStart, int quote, Quoting quoting, boolean unicode) {
        StringBuilder value = new StringBuilder();
        int open = quote;
        while (true) {
            int close = closingQuote(open + 1, quoting);
            if (close < 0) {
                return errorToEnd(
                        tokenStart,
                        quoting == Quoting.BIT ? "unterminated bit-string literal" : "unterminated quoted string");
            }
            switch (quoting) {
                case ESCAPE -> value.append(EscapeResolution.cStyle(text, open + 1, close));
                case STANDARD -> appendUndoubled(value, open + 1, close, '\'');
                case BIT -> value.append(text, open + 1, close);
            }
            int next = continuationQuote(close + 1);
            if (next < 0) {
                String content = unicode ? EscapeResolution.unicode(value.toString()) : value.toString();
                return emit(TokenKind.STRING, tokenStart, close + 1, content);
            }
            open = next;
        }
    }

    private int closingQuote(int from, Quoting quoting) {
        if (quoting == Quoting.BIT) {
            return text.indexOf('\'', from);
        }
        int j = from;
        while (j < length) {
            char c = text.charAt(j);
            if (c == '\\' && quoting == Quoting.ESCAPE) {
                j += 2;
            } else if (c == '\'') {
                if (charAt(j + 1) != '\'') {
                    return j;
                }
                j += 2;
            } else {
                j++;
            }
        }
        return -1;
    }

    /** Where a continuation segment opens, or -1: only blanks and line comments, with at least one line break. */
    private int continuationQuote(int from) {
        int k = from;
        boolean lineBreak = false;
        while (k < length) {
            char c = text.charAt(k);
            if (c == '\n' || c == '\r') {
                lineBreak = true;
                k++;
            } else if (c == ' ' || c == '\t' || c == '\f' || c == '\u000B') {
                k++;
            } else if (c == '-' && charAt(k + 1) == '-') {
                k = lineEnd(k);
            } else {
                break;
            }
        }
        return lineBreak && k < length && text.charAt(k) == '\'' ? k : -1;
    }

    /** Appends {@code text[from, to)} with each doubled {@code quote} read as one. */
    private void appendUndoubled(StringBuilder out, int from, int to, char quote) {
        int j = from;
        while (j < to) {
            int q = text.indexOf(quote, j);
            if (q < 0 || q >= to) {
                out.append(text, j, to);
                return;
            }
            out.append(text, j, q + 1);
            j = q + 2;
        }
    }

    /** {@code "…"} keeps case and may hold any character; {@code ""} stands for one double quote. */
    private int quotedIdentifier(int tokenStart, int quote, boolean unicode) {
        int j = quote + 1;
        while (true) {
            int close = text.indexOf('"', j);
            if (close < 0) {
                return errorToEnd(tokenStart, "unterminated quoted identifier");
            }
            if (charAt(close + 1) == '"') {
                j = close + 2;
                continue;
            }
            StringBuilder value = new StringBuilder(close - quote);
            appendUndoubled(value, quote + 1, close, '"');
            String name = unicode ? EscapeResolution.unicode(value.toString()) : value.toString();
            return emit(TokenKind.QUOTED_IDENT, tokenStart, close + 1, name);
        }
    }

    private int wordOrPrefixedLiteral(int i, char c, char next) {
        if (next == '\'') {
            switch (c) {
                case 'e', 'E':
                    return string(i, i + 1, Quoting.ESCAPE, false);
                case 'b', 'B', 'x', 'X':
                    return string(i, i + 1, Quoting.BIT, false);
                case 'n', 'N':
                    return string(i, i + 1, Quoting.STANDARD, false);
                default:
                    break;
            }
        }
        if ((c == 'u' || c == 'U') && next == '&') {
            char quote = charAt(i + 2);
            if (quote == '\'') {
                return string(i, i + 2, Quoting.STANDARD, true);
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
        if (placeholders && next == '{') {
            int j = i + 2;
            while (j < length && (Character.isLetterOrDigit(text.charAt(j)) || "_:.-".indexOf(text.charAt(j)) >= 0)) {
                j++;
            }
            if (j > i + 2 && charAt(j) == '}') {
                return emit(TokenKind.WORD, i, j + 1, text.substring(i, j + 1));
            }
        }
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
     * PostgreSQL's operator rule
     * (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-OPERATORS): the longest run of
     * operator characters, cut before a {@code --} or {@code /*} inside it, and a multi-char operator may end in
     * {@code +} or {@code -} only if it holds one of {@code ~ ! @ # % ^ & | ` ?}, so that
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
