package io.miglint.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

    /** Kind and value of each token, e.g. "WORD:select". */
    private static List<String> lexed(String text) {
        return Lexer.lex(text).stream().map(t -> t.kind() + ":" + t.value()).toList();
    }

    private static Token only(String text) {
        List<Token> tokens = Lexer.lex(text);
        assertEquals(1, tokens.size(), tokens::toString);
        return tokens.get(0);
    }

    @Test
    void identifiersKeepCaseAndAcceptDollarAndNonAscii() {
        assertEquals(List.of("WORD:Foo$1_x", "WORD:über", "WORD:_a"), lexed("Foo$1_x über _a"));
        assertEquals("foo$1_x", Lexer.lex("Foo$1_x").get(0).lower());
    }

    @Test
    void quotedIdentifiersUnescapeDoubledQuotes() {
        Token t = only("\"My \"\"Table\"\";\"");
        assertEquals(TokenKind.QUOTED_IDENT, t.kind());
        assertEquals("My \"Table\";", t.value());
        assertEquals("My \"Table\";", t.identifier());
        assertEquals("dat", only("U&\"d\\0061t\"").value());
    }

    @Test
    void standardStringsTreatBackslashLiterally() {
        assertEquals(List.of("STRING:a\\", "PUNCT:,", "STRING:it's"), lexed("'a\\', 'it''s'"));
    }

    @Test
    void escapeStringsResolveBackslashEscapes() {
        assertEquals("it's \\ end", only("E'it\\'s \\\\ end'").value());
        assertEquals(
                "a\nb\tc'A\u00e9\u0001", only("e'a\\nb\\tc''\\x41\\u00e9\\1'").value());
        assertEquals("\\", only("E'\\\\'").value());
    }

    @Test
    void prefixedStringsNeedTheQuoteRightAfterThePrefix() {
        assertEquals(
                List.of("STRING:1010", "STRING:1F", "STRING:nat", "STRING:d\u0061t!"),
                lexed("B'1010' x'1F' N'nat' U&'d\\0061t\\+000021'"));
        assertEquals(List.of("WORD:e", "STRING:x"), lexed("e 'x'"));
        assertEquals(List.of("WORD:U", "OPERATOR:&", "STRING:x"), lexed("U& 'x'"));
    }

    @Test
    void dollarQuotesNestWithDifferentTags() {
        Token t = only("$fn$ a $$ b; $$ c $fn$");
        assertEquals(TokenKind.DOLLAR_STRING, t.kind());
        assertEquals(" a $$ b; $$ c ", t.value());
        assertEquals(List.of("DOLLAR_STRING:", "PARAM:$12", "WORD:a$b"), lexed("$$$$ $12 a$b"));
    }

    @Test
    void numbersFollowPostgresqlSixteenRules() {
        assertEquals(
                List.of(
                        "NUMBER:42",
                        "NUMBER:1.5",
                        "NUMBER:.5",
                        "NUMBER:1e-3",
                        "NUMBER:0x1F",
                        "NUMBER:1_000",
                        "NUMBER:2.",
                        "NUMBER:0o17",
                        "NUMBER:0b_101",
                        "NUMBER:1E+10"),
                lexed("42 1.5 .5 1e-3 0x1F 1_000 2. 0o17 0b_101 1E+10"));
        assertEquals(List.of("NUMBER:1", "OPERATOR:..", "NUMBER:10"), lexed("1..10"));
        assertEquals(List.of("NUMBER:1", "WORD:e"), lexed("1e"));
    }

    @Test
    void operatorsFollowTheTrailingPlusMinusRule() {
        assertEquals(List.of("WORD:a", "OPERATOR:*", "OPERATOR:-", "WORD:b"), lexed("a*-b"));
        assertEquals(List.of("WORD:a", "OPERATOR:@-", "WORD:b"), lexed("a@-b"));
        assertEquals(
                List.of("WORD:x", "OPERATOR:::", "WORD:int", "OPERATOR:<>", "OPERATOR:=>", "OPERATOR::="),
                lexed("x::int <> => :="));
        assertEquals(List.of("WORD:a", "OPERATOR:<", "LINE_COMMENT:-- c"), lexed("a<-- c"));
        assertEquals(List.of("WORD:a", "OPERATOR:+", "BLOCK_COMMENT:/* c */", "NUMBER:1"), lexed("a+/* c */1"));
        assertEquals(List.of("WORD:a", "LINE_COMMENT:--b"), lexed("a --b"));
    }

    @Test
    void punctuation() {
        assertEquals(
                List.of("PUNCT:(", "PUNCT:)", "PUNCT:[", "PUNCT:]", "PUNCT:,", "PUNCT:;", "PUNCT:.", "PUNCT::"),
                lexed("()[],;.:"));
    }

    @Test
    void blockCommentsNest() {
        assertEquals(List.of("BLOCK_COMMENT:/* a /* b */ c */", "WORD:x"), lexed("/* a /* b */ c */ x"));
    }

    @Test
    void psqlMetaRunsToEndOfLine() {
        assertEquals(List.of("PSQL_META:\\set a 'x;y'", "WORD:select"), lexed("\\set a 'x;y'\r\nselect"));
        assertEquals(List.of("WORD:select", "PSQL_META:\\gset"), lexed("select \\gset"));
    }

    @Test
    void copyDataStartsOnTheLineAfterTheSemicolon() {
        List<Token> tokens = Lexer.lex("COPY t FROM stdin; -- x\n1;2\n\\.\nselect");
        assertEquals(
                List.of(
                        TokenKind.WORD,
                        TokenKind.WORD,
                        TokenKind.WORD,
                        TokenKind.WORD,
                        TokenKind.PUNCT,
                        TokenKind.LINE_COMMENT,
                        TokenKind.COPY_DATA,
                        TokenKind.WORD),
                tokens.stream().map(Token::kind).toList());
        assertEquals("1;2\n\\.", tokens.get(6).value());
    }

    @Test
    void unterminatedConstructsBecomeOneErrorToEnd() {
        assertError("select 'abc", 7, "unterminated quoted string");
        assertError("select E'ab\\'", 7, "unterminated quoted string");
        assertError("select \"abc", 7, "unterminated quoted identifier");
        assertError("select $body$ x $bod$", 7, "unterminated dollar-quoted string $body$");
        assertError("select /* a /* b */", 7, "unterminated block comment");
        assertError("select B'01", 7, "unterminated bit-string literal");
    }

    private static void assertError(String text, int start, String message) {
        List<Token> tokens = Lexer.lex(text);
        Token last = tokens.get(tokens.size() - 1);
        assertEquals(new Token(TokenKind.ERROR, start, text.length(), message), last);
    }

    @Test
    void strayCharactersAreSingleCharErrors() {
        assertEquals(
                List.of(
                        "WORD:a",
                        "ERROR:unexpected character U+0000",
                        "WORD:b",
                        "ERROR:unexpected character U+007B",
                        "ERROR:unexpected character $"),
                lexed("a\0b{$"));
    }

    @Test
    void stringsSeparatedByALineBreakAreOneConstant() {
        assertEquals(List.of("STRING:ab;c"), lexed("'a'\n  'b;' -- note\n -- more\r\n'c'"));
        assertEquals(List.of("STRING:a'b"), lexed("E'a'\n'\\'b'"));
        assertEquals(List.of("STRING:a", "STRING:b"), lexed("'a' 'b'"));
        assertEquals(List.of("STRING:a", "LINE_COMMENT:-- x"), lexed("'a'\n-- x"));
        assertEquals(List.of("STRING:10", "STRING:"), lexed("B'10'''"));
    }

    @Test
    void psqlBackslashCopyFromStdinReadsRowsFromTheScript() {
        List<Token> tokens = Lexer.lex("\\copy t (a) FROM stdin with csv\nx;y\n\\.\n\\copy t from pstdin\nselect");
        assertEquals(
                List.of(TokenKind.PSQL_META, TokenKind.COPY_DATA, TokenKind.PSQL_META, TokenKind.WORD),
                tokens.stream().map(Token::kind).toList());
        assertEquals("x;y\n\\.", tokens.get(1).value());
        assertEquals(
                List.of(TokenKind.PSQL_META, TokenKind.WORD),
                Lexer.lex("\\copyright from stdin\nselect").stream()
                        .map(Token::kind)
                        .toList());
    }
}
