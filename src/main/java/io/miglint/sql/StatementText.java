package io.miglint.sql;

/** Text forms of a statement that do not depend on where it sits in its file. */
public final class StatementText {
    private StatementText() {}

    /**
     * Significant tokens joined by single spaces, unquoted words lower-cased (PostgreSQL folds them, so
     * {@code CREATE TABLE} and {@code create table} are the same statement), without comments or the trailing
     * {@code ;}. Literals and quoted identifiers keep their source spelling.
     */
    public static String normalized(RawStatement statement) {
        StringBuilder out = new StringBuilder();
        String text = statement.source().text();
        for (Token token : statement.body()) {
            if (out.length() > 0) {
                out.append(' ');
            }
            if (token.kind() == TokenKind.WORD) {
                out.append(token.lower());
            } else {
                out.append(text, token.start(), token.end());
            }
        }
        return out.toString();
    }
}
