package io.miglint.parse;

import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;

/**
 * What can be said of a query without modelling SELECT: no other statement can stand inside it. A {@code CREATE} or
 * {@code GRANT} (reserved words, so never a name there) or an {@code ALTER TABLE} or {@code DROP TABLE} pair means
 * the {@code ;} before a second statement is missing.
 */
final class Queries {

    private Queries() {}

    /** Out of grammar (where modelled) when tokens {@code from..to} hold the start of another statement. */
    static void checkNoStatementInside(TokenCursor c, int from, int to) {
        int at = statementInside(c, from, to);
        if (at >= 0 && c.inModelledGrammar()) {
            c.reset(at);
            throw new NotRecognized("another statement starts inside this one (a missing ';'?)" + c.near());
        }
    }

    /** The index of the first token that starts another statement, or -1. */
    static int statementInside(TokenCursor c, int from, int to) {
        for (int i = from; i < to; i++) {
            Token t = c.tokenAt(i);
            if (t.kind() != TokenKind.WORD) {
                continue;
            }
            Token before = i > from ? c.tokenAt(i - 1) : null;
            if (before != null && (before.isPunct('.') || before.is("as"))) {
                continue;
            }
            if (t.is("create") || t.is("grant")) {
                return i;
            }
            // TABLE is reserved: "drop" or "alter" before it can be no column, alias or table name
            if ((t.is("alter") || t.is("drop"))
                    && i + 1 < to
                    && c.tokenAt(i + 1).is("table")) {
                return i;
            }
        }
        return -1;
    }
}
