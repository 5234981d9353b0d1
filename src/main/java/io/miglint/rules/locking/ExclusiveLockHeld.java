package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import java.util.List;
import java.util.Optional;

/**
 * Locks are released only at the end of the transaction (https://www.postgresql.org/docs/current/explicit-locking.html),
 * so every statement that runs after an ACCESS EXCLUSIVE lock in the same transaction keeps the table unreadable
 * longer. Only statements whose duration grows with the data count (backfills, index builds, scans); quick catalog
 * changes after the lock cost nothing worth reporting, and neither do statements on the locked table itself, which
 * need it anyway. Reported once per transaction, at the first such lock.
 */
@RuleInfo(
        id = "exclusive-lock-held",
        summary = "ACCESS EXCLUSIVE lock held while later statements run",
        severity = Severity.INFO,
        category = Category.LOCKING,
        optIn = true,
        onlineOnly = true)
public final class ExclusiveLockHeld implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        List<ParsedStatement> all = script.sqlStatements();
        for (int i = 0; i < all.size(); i++) {
            ParsedStatement s = all.get(i);
            Optional<TableLock> lock = TableLock.takenBy(s, ctx).stream()
                    .filter(TableLock::accessExclusive)
                    .findFirst();
            if (!script.inTransaction(s) || lock.isEmpty()) {
                continue;
            }
            int following = 0;
            int j = i + 1;
            for (; j < all.size() && script.inTransaction(all.get(j)) && !endsTransaction(all.get(j)); j++) {
                if (takesTime(all.get(j), ctx)
                        && !insideLaterBlock(all.get(j), s)
                        && !mentions(all.get(j), lock.get().object())) {
                    following++;
                }
            }
            if (following > 0) {
                ctx.report(
                                s,
                                "takes " + lock.get().describe() + " and keeps it while " + following
                                        + (following == 1
                                                ? " more statement runs that reads or writes rows"
                                                : " more statements run that read or write rows")
                                        + " in the same transaction: "
                                        + lock.get().label() + " stays unreadable and "
                                        + "unwritable until the transaction commits")
                        .help("Run the statements that do not need "
                                + lock.get().label() + " first and take "
                                + "the ACCESS EXCLUSIVE lock last in the transaction, or put it in a migration of its "
                                + "own, so the lock is held only as long as that statement runs.");
            }
            i = j;
        }
    }

    /**
     * A statement of a DO block that starts after {@code locker} (the block itself was counted already), or one the
     * block may not run (an IF branch, perhaps the one the lock was taken in the other branch of).
     */
    private static boolean insideLaterBlock(ParsedStatement later, ParsedStatement locker) {
        return later.isConditional()
                || later.nesting()
                        .filter(n -> n.block().span().start() > locker.span().start())
                        .isPresent();
    }

    /**
     * Statements whose duration grows with the data: while they run, the lock taken earlier is held. Catalog-only
     * DDL (a nullable ADD COLUMN, a rename, a comment) is quick and is not counted, and so is work on a table the
     * script itself created: it is empty (rows copied into it are counted at the INSERT … SELECT that copies them).
     */
    private static boolean takesTime(ParsedStatement s, RuleContext ctx) {
        Statement n = s.node();
        QualifiedName target = n instanceof Statement.CreateIndex ci
                ? ci.table()
                : n instanceof Statement.AlterTable at
                        ? at.table()
                        : n instanceof Statement.Update u
                                ? u.table()
                                : n instanceof Statement.Delete d ? d.table() : null;
        if (target != null && ctx.wholeScript().tableCreatedBefore(target, s.index())) {
            return false;
        }
        if (n instanceof Statement.Update
                || n instanceof Statement.Delete
                || n instanceof Statement.Insert
                || n instanceof Statement.Select
                || n instanceof Statement.DoBlock
                || n instanceof Statement.CreateIndex
                || n instanceof Statement.RefreshMaterializedView
                || n instanceof Statement.Vacuum
                || n instanceof Statement.Cluster
                || n instanceof Statement.Reindex
                || n instanceof Statement.Copy) {
            return true;
        }
        if (n instanceof Statement.AlterTable at) {
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.ValidateConstraint
                        || a instanceof AlterAction.SetNotNull
                        || a instanceof AlterAction.AlterColumnType
                        || a instanceof AlterAction.Rewrite
                        || a instanceof AlterAction.AddConstraint ac
                                && !ac.constraint().notValid()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A later statement that names the locked table works on it anyway (fills a column the locking statement added,
     * changes it again): the lock cannot be taken after it, so its time is not counted against the lock. Read from
     * the tokens, not from the statement's {@link io.miglint.model.DataFlow}: a name in a string counts too
     * ({@code UPDATE pg_index … WHERE relname = 'post_aggregates'}, {@code create_hypertable('events', …)}), which
     * the tables a statement reads and writes do not show.
     */
    private static boolean mentions(ParsedStatement later, QualifiedName table) {
        if (table == null) {
            return false;
        }
        for (io.miglint.sql.Token t : later.raw().body()) {
            String id = t.identifier();
            if (id != null && id.equalsIgnoreCase(table.name())) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsTransaction(ParsedStatement s) {
        return s.node() instanceof Statement.Transaction t
                && (t.kind() == Statement.Transaction.TxKind.COMMIT
                        || t.kind() == Statement.Transaction.TxKind.ROLLBACK
                        || t.kind() == Statement.Transaction.TxKind.PREPARE);
    }
}
