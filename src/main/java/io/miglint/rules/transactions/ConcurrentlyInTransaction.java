package io.miglint.rules.transactions;

import io.miglint.layout.LayoutKind;
import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.locking.OwnMigration;

/**
 * CONCURRENTLY forms refuse to run inside a transaction block, and a multi-statement simple query is one implicit
 * transaction block (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT), so
 * the migration fails at runtime however it was tested by hand. Inside a DO block they always fail: the block runs
 * as a function in one transaction (https://www.postgresql.org/docs/current/sql-do.html).
 */
@RuleInfo(
        id = "concurrently-in-transaction",
        summary = "CONCURRENTLY statement will run inside a transaction block",
        severity = Severity.ERROR,
        category = Category.TRANSACTIONS)
public final class ConcurrentlyInTransaction implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        String command = command(s.node());
        if (command == null || !ctx.script().inTransaction(s)) {
            return;
        }
        LayoutKind layout = ctx.script().layout();
        if (ctx.script().isDown() && OwnMigration.inDown(ctx.script()).isEmpty()) {
            ctx.report(
                            s,
                            "fails at runtime with \"" + command
                                    + (s.isNested()
                                            ? " cannot be executed from a "
                                                    + "function\": a DO block runs its statements as a function, inside one transaction"
                                            : " cannot run inside a transaction block\": "
                                                    + OwnMigration.noWayInDown(ctx.script())))
                    .help(downHelp(command, ctx));
            return;
        }
        if (s.isNested()) {
            ctx.report(
                            s,
                            "fails at runtime with \"" + command + " cannot be executed from a function\": a DO block "
                                    + "runs its statements as a function, inside one transaction")
                    .help("Take the statement out of "
                            + "the DO block and put it in " + OwnMigration.howToRunOutsideTransaction(ctx.script())
                            + (command.startsWith("CREATE INDEX")
                                    ? "; `CREATE INDEX CONCURRENTLY IF NOT EXISTS …` replaces " + "an existence check"
                                    : command.startsWith("DROP INDEX")
                                            ? "; `DROP INDEX CONCURRENTLY IF EXISTS " + "…` replaces an existence check"
                                            : "")
                            + ".");
            return;
        }
        String why = OpenTransaction.explicitBegin(ctx.script(), s)
                .map(b -> "the BEGIN on line " + b.span().line() + " is still open")
                .orElseGet(() -> ctx.script().execution().wrapped()
                        ? ctx.script().execution().reason()
                        : layout == LayoutKind.GOLANG_MIGRATE
                                ? "golang-migrate sends this file as one query, which PostgreSQL runs as one transaction"
                                        + (ctx.script().layoutAlsoFits().isPresent()
                                                ? " (sqlx, whose file names these are too, " + "would wrap it in one)"
                                                : "")
                                : layout == LayoutKind.GOOSE
                                        ? "goose sends this StatementBegin/StatementEnd block as one query, which "
                                                + "PostgreSQL runs as one transaction"
                                        : ctx.script().execution().reason()
                                                + ", and PostgreSQL runs a multi-statement query as "
                                                + "one transaction");
        String message = layout == LayoutKind.FLYWAY
                        && OpenTransaction.explicitBegin(ctx.script(), s).isEmpty()
                ? "Flyway refuses this file: it mixes " + command + " with transactional statements, which Flyway "
                        + "only runs with `mixed=true` (and then it runs the whole file without a transaction)"
                : "fails at runtime with \"" + command + " cannot run inside a transaction block\": " + why;
        // drizzle's way out is the script's own COMMIT, which its help names
        ctx.report(s, message)
                .help("Put the statement in " + OwnMigration.howToRunOutsideTransaction(ctx.script())
                        + (layout == LayoutKind.DRIZZLE ? "." : ", with no BEGIN/COMMIT around it."));
    }

    /**
     * In a down that runs as one transaction whatever is done, the statement can only lose CONCURRENTLY (and take its
     * lock during the rollback), or be run by hand beforehand so that the down finds the work done.
     */
    private static String downHelp(String command, RuleContext ctx) {
        String guard = command.startsWith("CREATE INDEX")
                ? " with IF NOT EXISTS"
                : command.startsWith("DROP INDEX") ? " with IF EXISTS" : "";
        return "Write it without CONCURRENTLY" + guard + ": " + OwnMigration.noWayInDown(ctx.script())
                + ". It then takes its lock while the "
                + "rollback runs; if that cannot wait, run the " + command + " by hand before rolling back"
                + (guard.isEmpty() ? "." : ", and the down" + guard + " finds it done.");
    }

    /** The command as PostgreSQL names it in its error, or null when the statement is not a CONCURRENTLY form. */
    private static String command(Statement n) {
        if (n instanceof Statement.CreateIndex ci && ci.concurrently()) {
            return "CREATE INDEX CONCURRENTLY";
        }
        if (n instanceof Statement.Drop d && d.kind() == ObjectKind.INDEX && d.concurrently()) {
            return "DROP INDEX CONCURRENTLY";
        }
        if (n instanceof Statement.Reindex r && r.concurrently()) {
            return "REINDEX CONCURRENTLY";
        }
        if (n instanceof Statement.AlterTable at
                && at.actions().stream()
                        .anyMatch(a -> a instanceof AlterAction.DetachPartition dp && dp.concurrently())) {
            return "ALTER TABLE ... DETACH CONCURRENTLY";
        }
        return null;
    }
}
