package io.miglint.verify;

import io.miglint.sql.RawStatement;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.List;

/** What the runner needs to know about a statement before sending it, read from its leading tokens. */
final class StatementNature {
    private StatementNature() {}

    /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT…: statements that steer the transaction rather than change the schema. */
    static boolean isTransactionControl(RawStatement s) {
        List<Token> t = s.body();
        if (t.isEmpty()) {
            return false;
        }
        Token first = t.get(0);
        return first.is("begin")
                || first.is("commit")
                || first.is("rollback")
                || first.is("end")
                || first.is("abort")
                || first.is("savepoint")
                || first.is("release")
                || (first.is("start") && t.size() > 1 && t.get(1).is("transaction"))
                || (first.is("prepare") && t.size() > 1 && t.get(1).is("transaction"));
    }

    /**
     * Statements PostgreSQL refuses inside a transaction block (they call PreventInTransactionBlock): the
     * CONCURRENTLY forms of CREATE/DROP/REINDEX INDEX, VACUUM, CREATE/DROP DATABASE and TABLESPACE, ALTER SYSTEM.
     * Flyway runs a script made only of these outside a transaction
     * (https://documentation.red-gate.com/fd/migration-transaction-handling-273973399.html).
     */
    static boolean refusesTransactionBlock(RawStatement s) {
        List<Token> t = s.body();
        if (t.isEmpty()) {
            return false;
        }
        Token first = t.get(0);
        if (first.is("vacuum")) {
            return true;
        }
        if (first.is("alter") && t.size() > 1 && t.get(1).is("system")) {
            return true;
        }
        if ((first.is("create") || first.is("drop"))
                && t.size() > 1
                && (t.get(1).is("database") || t.get(1).is("tablespace"))) {
            return true;
        }
        boolean indexLike = first.is("reindex")
                || ((first.is("create") || first.is("drop"))
                        && t.stream().limit(4).anyMatch(x -> x.is("index")));
        return indexLike && t.stream().limit(6).anyMatch(x -> x.kind() == TokenKind.WORD && x.is("concurrently"));
    }

    private static final java.util.regex.Pattern ENDS_TRANSACTION =
            java.util.regex.Pattern.compile("(?i)\\b(commit|rollback)\\b");

    /**
     * A {@code CALL}, or a {@code DO} block whose body says COMMIT or ROLLBACK: sent alone, outside a transaction
     * block, a procedure or DO block may end transactions of its own
     * (https://www.postgresql.org/docs/current/plpgsql-transactions.html). What a procedure does is not in the file.
     */
    static boolean mayCommitOnItsOwn(RawStatement s) {
        List<Token> t = s.body();
        if (t.isEmpty()) {
            return false;
        }
        return t.get(0).is("call")
                || (t.get(0).is("do") && ENDS_TRANSACTION.matcher(s.text()).find());
    }

    /**
     * CREATE, ALTER or DROP of a ROLE, USER or GROUP: roles belong to the whole server, so the runner (no CREATEROLE)
     * may not run them. {@code CREATE USER MAPPING} is a foreign-data object, not a role.
     */
    static boolean isRoleStatement(RawStatement s) {
        List<Token> t = s.body();
        if (t.size() < 3
                || !(t.get(0).is("create") || t.get(0).is("alter") || t.get(0).is("drop"))) {
            return false;
        }
        Token what = t.get(1);
        return (what.is("role") || what.is("user") || what.is("group"))
                && !t.get(2).is("mapping");
    }

    /** {@code COPY … FROM STDIN}: its data follows the statement inline. */
    static boolean isCopyFromStdin(RawStatement s) {
        List<Token> t = s.body();
        if (t.isEmpty() || !t.get(0).is("copy")) {
            return false;
        }
        for (int i = 1; i + 1 < t.size(); i++) {
            if (t.get(i).is("from") && t.get(i + 1).is("stdin")) {
                return true;
            }
        }
        return false;
    }
}
