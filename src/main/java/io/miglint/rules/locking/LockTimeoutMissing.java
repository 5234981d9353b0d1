package io.miglint.rules.locking;

import io.miglint.model.QualifiedName;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;

/**
 * A lock request waits behind every conflicting lock already held (a long SELECT, an idle-in-transaction session),
 * and every later request that conflicts with it queues behind the waiting one (every query for ACCESS EXCLUSIVE,
 * writes for SHARE): without lock_timeout a brief DDL lock turns into an outage
 * (https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT). Reported at the first
 * statement that may wait: a lock on a table whose ACCESS EXCLUSIVE lock the transaction already holds cannot.
 * Not reported in downs: a rollback is run rarely, by hand, by someone watching it, and reviewers judged 12 of 16 such
 * findings on real repositories not worth their time (docs/accuracy.md).
 */
@RuleInfo(id = "lock-timeout-missing", summary = "Statement locks an existing table with no lock_timeout set",
        severity = Severity.WARNING, category = Category.LOCKING, onlineOnly = true)
public final class LockTimeoutMissing implements ScriptRule {
    /** The locked table by name where the script tells it: "orders (the table of index orders_idx)". */
    private static String label(ScriptView script, RuleContext ctx, TimeoutGuard g) {
        return table(script, ctx, g).map(t -> t + " (the table of index " + g.lock().object() + ")")
                .orElse(g.lock().label());
    }

    /** The table of the index a DROP INDEX locks, when the script tells which it is. */
    private static java.util.Optional<QualifiedName> table(ScriptView script, RuleContext ctx, TimeoutGuard g) {
        if (g.statement().node() instanceof io.miglint.model.Statement.Drop d
                && d.kind() == io.miglint.model.ObjectKind.INDEX && g.lock().object() != null) {
            return TableLock.tableOfIndex(script, ctx.schema(), g.lock().object(), g.statement().index());
        }
        return java.util.Optional.empty();
    }

    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (script.isDown() || ctx.options().string("lock-timeout", "required").equals("provided-by-runner")) {
            return;
        }
        // A lock on a table nobody's code uses yet cannot queue behind anyone's queries, nor queries behind it.
        java.util.function.BiPredicate<io.miglint.model.ParsedStatement, TableLock> unused =
                (s, lock) -> NewTables.unusedYet(script, ctx.schema(), lock.object(), s);
        TimeoutGuard.firstUnguarded(script, "lock_timeout", ctx.schema(), unused).ifPresent(g -> ctx.report(g.statement(),
                        "takes " + new TableLock(g.lock().object(), g.lock().mode(), label(script, ctx, g)).describe()
                                + " with no lock_timeout: if another session holds a conflicting lock, this statement "
                                + "waits indefinitely and " + TableLock.blocked(g.lock().mode(), table(script, ctx, g)
                                .map(QualifiedName::toString).orElse(g.lock().label())) + " queues behind it"
                                + TableLock.letThrough(g.lock().mode()))
                .help("Put `SET lock_timeout = '5s';` (or `SET LOCAL lock_timeout = '5s';` inside the transaction) "
                        + "before the first locking statement and retry the migration when it times out; if your "
                        + "runner sets it for every session, set `lock-timeout: provided-by-runner` in "
                        + ".miglint.yaml."));
    }
}
