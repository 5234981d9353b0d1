package io.miglint.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL that sits inside a literal of the file (a {@code DO} body, an {@code EXECUTE 'literal'}), read again with the
 * positions it has in the file. The text is rebuilt at its own offsets, with everything outside the literal blanked
 * and every line break kept, so tokens, spans and lines of the inner SQL are those of the file.
 *
 * <p>Inside a standard string the inner SQL writes each quote twice ({@code ''}). The rebuilt text has one quote
 * there and a blank beside it, outside the inner string it opens or closes, so the inner SQL reads the same. Where
 * that cannot be done exactly (a quote escaped inside an inner string, an {@code E'…'} inner string, a concatenation
 * that cuts a word) the literal is not read: the rebuilt text must lex to the same tokens as the literal's value.
 *
 * @param source   the rebuilt text (same display path and line table as the file up to the literal's end)
 * @param tokens   significant tokens of the inner SQL, in file positions
 * @param comments comments of the inner SQL, in file positions
 */
public record EmbeddedText(SourceText source, List<Token> tokens, List<Token> comments) {

    /**
     * The body of a {@code DO} statement or a function: its string token whose value is {@code body}, read in place
     * (a dollar-quoted body as it is, a quoted one when it can be); null when there is none.
     */
    public static EmbeddedText ofBlockBody(RawStatement raw, String body) {
        for (Token t : raw.tokens()) {
            if (t.kind() == TokenKind.DOLLAR_STRING && t.value().equals(body)) {
                return ofDollarBody(raw.source(), t);
            }
            if (t.kind() == TokenKind.STRING && t.value().equals(body)) {
                return ofStrings(raw.source(), List.of(t));
            }
        }
        return null;
    }

    /** The body of a {@code $tag$…$tag$} token of {@code outer}, which holds it verbatim. */
    public static EmbeddedText ofDollarBody(SourceText outer, Token body) {
        String raw = outer.slice(body.start(), body.end());
        int open = raw.indexOf('$', 1) + 1;
        int from = body.start() + open;
        int to = body.end() - open;
        if (open <= 0 || to < from) {
            return null;
        }
        char[] buf = blank(outer.text(), to);
        outer.text().getChars(from, to, buf, from);
        return read(outer, new String(buf));
    }

    /**
     * The value of {@code literals}, standard {@code '…'} strings that the SQL joins with {@code ||}; null when it
     * cannot be rebuilt in place exactly (see the class comment).
     */
    public static EmbeddedText ofStrings(SourceText outer, List<Token> literals) {
        if (literals.isEmpty()) {
            return null;
        }
        String text = outer.text();
        int end = literals.get(literals.size() - 1).end();
        char[] buf = blank(text, end);
        StringBuilder value = new StringBuilder();
        boolean[] inString = {false};
        for (Token t : literals) {
            if (t.kind() != TokenKind.STRING
                    || text.charAt(t.start()) != '\''
                    || text.charAt(t.end() - 1) != '\''
                    || t.end() - t.start() < 2
                    || !fill(text, t.start() + 1, t.end() - 1, buf, inString)) {
                return null;
            }
            value.append(t.value());
        }
        EmbeddedText read = read(outer, new String(buf));
        List<Token> expected = Lexer.lex(value.toString());
        List<Token> actual = new ArrayList<>(read.tokens.size() + read.comments.size());
        actual.addAll(Lexer.lex(read.source.text()));
        if (expected.size() != actual.size()) {
            return null;
        }
        for (int i = 0; i < expected.size(); i++) {
            Token e = expected.get(i);
            Token a = actual.get(i);
            if (e.kind() != a.kind() || !e.value().equals(a.value()) || e.kind() == TokenKind.ERROR) {
                return null;
            }
        }
        return read;
    }

    /**
     * Copies the content {@code text[from, to)} of one standard string into {@code buf}, each doubled quote as one
     * quote plus a blank on the side away from the inner string. False when a quote run cannot be placed so.
     */
    private static boolean fill(String text, int from, int to, char[] buf, boolean[] inString) {
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c != '\'') {
                buf[i++] = c;
                continue;
            }
            if (i + 1 >= to || text.charAt(i + 1) != '\'') {
                return false;
            }
            if (!inString[0]) {
                buf[i] = ' ';
                buf[i + 1] = '\'';
                inString[0] = true;
            } else {
                if (i + 2 < to && text.charAt(i + 2) == '\'') {
                    // A quote escaped inside the inner string: its two quotes cannot shrink in place.
                    return false;
                }
                buf[i] = '\'';
                buf[i + 1] = ' ';
                inString[0] = false;
            }
            i += 2;
        }
        return true;
    }

    /** {@code text[0, end)} with everything but line breaks blanked, so the line table stays the file's. */
    private static char[] blank(String text, int end) {
        char[] buf = new char[end];
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            buf[i] = c == '\n' || c == '\r' ? c : ' ';
        }
        return buf;
    }

    private static EmbeddedText read(SourceText outer, String rebuilt) {
        SourceText source = new SourceText(outer.displayPath(), rebuilt);
        List<Token> tokens = new ArrayList<>();
        List<Token> comments = new ArrayList<>();
        for (Token t : Lexer.lex(rebuilt)) {
            (t.isComment() ? comments : tokens).add(t);
        }
        return new EmbeddedText(source, List.copyOf(tokens), List.copyOf(comments));
    }
}
