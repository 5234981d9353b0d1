package io.miglint.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile inputs complete without exception and keep the invariants. */
class LexerPathologicalInputTest {

    @Test
    void hundredThousandOpenParentheses() {
        String text = "SELECT " + "(".repeat(100_000) + "; SELECT 1;";
        StatementSplitter.SplitResult result = LexerPropertiesTest.checkInvariants("parens", text);
        assertEquals(1, result.statements().size(), "psql never closes a statement inside parentheses");
        // SELECT, the brackets up to the limit, and one error token for the rest: the brackets never close.
        assertEquals(Lexer.MAX_NESTING + 2, result.statements().get(0).tokens().size());
        assertEquals(1, result.errors().size());
        assertEquals(Lexer.MAX_NESTING + 8, result.errors().get(0).span().column(), "at the first bracket too deep");
    }

    @Test
    void oneMegabyteStatement() {
        StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
        while (sql.length() < 1_000_000) {
            sql.append("(1, 'a;b', $$x;y$$, E'\\''), ");
        }
        sql.append("(0, '', '', '');\nSELECT 2;");
        StatementSplitter.SplitResult result = LexerPropertiesTest.checkInvariants("big", sql.toString());
        assertEquals(2, result.statements().size());
        assertTrue(result.errors().isEmpty());
    }

    @Test
    void nulBytesAreErrorsNotCrashes() {
        StatementSplitter.SplitResult result = LexerPropertiesTest.checkInvariants("nul", "SELECT\0 1;\0\0");
        assertEquals(3, result.errors().size());
        assertEquals(2, result.statements().size());
        assertEquals(7, result.errors().get(0).span().column());
    }

    @Test
    void everyUnterminatedKindAtEndOfText() {
        for (String tail : List.of(
                "'",
                "E'\\",
                "U&'",
                "B'",
                "X'",
                "N'",
                "\"",
                "U&\"",
                "$$",
                "$a$",
                "/*",
                "/* /* */",
                "$",
                "\\",
                "--",
                "e",
                "u&",
                "0x",
                "1e",
                ".",
                ":",
                "U",
                "E'\\\\")) {
            String text = "SELECT 1;\nSELECT " + tail;
            StatementSplitter.SplitResult result = LexerPropertiesTest.checkInvariants(tail, text);
            assertEquals(
                    tail.equals("\\") ? 3 : 2, result.statements().size(), () -> tail + " -> " + result.statements());
        }
    }

    @Test
    void unterminatedInputAfterCopyAndMeta() {
        LexerPropertiesTest.checkInvariants("copy", "COPY t FROM stdin;");
        LexerPropertiesTest.checkInvariants("copy2", "COPY t FROM stdin;\n");
        LexerPropertiesTest.checkInvariants("copy3", "COPY t FROM stdin;\r");
        LexerPropertiesTest.checkInvariants("meta", "\\");
        LexerPropertiesTest.checkInvariants("empty", "");
        LexerPropertiesTest.checkInvariants("ws", " \t\r\n\f");
    }

    @Test
    void manyNestedCommentsAndDollarSigns() {
        LexerPropertiesTest.checkInvariants("comments", "/*".repeat(50_000) + "*/".repeat(49_999));
        LexerPropertiesTest.checkInvariants("dollars", "$a".repeat(100_000));
        LexerPropertiesTest.checkInvariants("quotes", "'".repeat(100_001));
        LexerPropertiesTest.checkInvariants("ops", "+-".repeat(100_000) + "!");
    }
}
