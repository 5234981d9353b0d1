package io.miglint.rules.locking;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.RuleContext;
import io.miglint.rule.ScriptView;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Follows one timeout parameter (lock_timeout, statement_timeout) through a script and finds the first statement
 * that takes a write-blocking lock on an existing table while the parameter is unset or zero (zero disables it).
 * {@code SET LOCAL} lasts only until its transaction ends and does nothing outside a transaction block
 * (https://www.postgresql.org/docs/current/sql-set.html).
 *
 * @param statement the first unguarded locking statement
 * @param lock      the lock it takes
 */
public record TimeoutGuard(ParsedStatement statement, TableLock lock) {

    public static Optional<TimeoutGuard> firstUnguarded(RuleContext ctx, String parameter) {
        return firstUnguarded(ctx, parameter, null);
    }

    /**
     * The same, passing over locks on tables whose ACCESS EXCLUSIVE lock the transaction already holds when
     * {@code schema} is given (such a request cannot wait): the first statement that may wait for its lock.
     */
    public static Optional<TimeoutGuard> firstUnguarded(
            RuleContext ctx, String parameter, io.miglint.model.schema.SchemaModel schema) {
        return firstUnguarded(ctx, parameter, schema, (s, lock) -> false);
    }

    /** The same, passing over the locks {@code passOver} says cannot matter (on a young table, for instance). */
    static Optional<TimeoutGuard> firstUnguarded(
            RuleContext ctx,
            String parameter,
            io.miglint.model.schema.SchemaModel schema,
            java.util.function.BiPredicate<ParsedStatement, TableLock> passOver) {
        ScriptView script = ctx.script();
        boolean set = false;
        boolean untilTransactionEnds = false;
        for (ParsedStatement s : script.statements()) {
            Statement n = s.node();
            if (n instanceof Statement.SetParameter p && p.name().equals(parameter)) {
                if (p.reset() || isZero(p.value())) {
                    set = false;
                } else if (!p.local() || script.inTransaction(s)) {
                    set = true;
                    untilTransactionEnds = p.local();
                }
            } else if (setsViaSetConfig(s, parameter)) {
                set = true;
            } else if (n instanceof Statement.Transaction t
                    && untilTransactionEnds
                    && (t.kind() == Statement.Transaction.TxKind.COMMIT
                            || t.kind() == Statement.Transaction.TxKind.ROLLBACK)) {
                set = false;
                untilTransactionEnds = false;
            }
            if (!set) {
                for (TableLock lock : TableLock.takenBy(s, ctx, schema)) {
                    if ((schema == null || !TableLock.alreadyHeld(ctx, lock, s)) && !passOver.test(s, lock)) {
                        return Optional.of(new TimeoutGuard(s, lock));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code SELECT set_config('lock_timeout', '5s', false)}: the function form of SET. */
    private static boolean setsViaSetConfig(ParsedStatement s, String parameter) {
        List<Token> t = s.raw().tokens();
        if (t.isEmpty() || !t.get(0).is("select")) {
            return false;
        }
        for (int i = 0; i + 4 < t.size(); i++) {
            if (t.get(i).is("set_config")
                    && t.get(i + 2).kind() == TokenKind.STRING
                    && t.get(i + 2).value().equalsIgnoreCase(parameter)
                    && t.get(i + 4).kind() == TokenKind.STRING) {
                return !isZero(t.get(i + 4).value());
            }
        }
        return false;
    }

    static boolean isZero(String value) {
        String v = value == null ? "" : value.trim().replace("'", "").trim().toLowerCase(Locale.ROOT);
        return v.equals("default") || v.matches("0+(\\.0*)?\\s*(us|ms|s|min|h|d)?");
    }
}
