package io.miglint.rules.locking;

import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;

/**
 * A lock request waits behind every conflicting lock already held (a long SELECT, an idle-in-transaction session),
 * and every later query on the table queues behind the waiting request: without lock_timeout a brief DDL lock turns
 * into an outage (https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT).
 */
@RuleInfo(id = "lock-timeout-missing", summary = "Statement locks an existing table with no lock_timeout set",
        severity = Severity.WARNING, category = Category.LOCKING)
public final class LockTimeoutMissing implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (ctx.options().string("lock-timeout", "required").equals("provided-by-runner")) {
            return;
        }
        TimeoutGuard.firstUnguarded(script, "lock_timeout").ifPresent(g -> ctx.report(g.statement(),
                        "takes " + g.lock().describe() + " with no lock_timeout: if another session holds a "
                                + "conflicting lock, this statement waits indefinitely and every later "
                                + (g.lock().accessExclusive() ? "query on " : "write to ") + g.lock().label()
                                + " queues behind it" + (g.lock().accessExclusive() ? ""
                                : " (reads go on: they do not conflict with " + g.lock().mode() + ")"))
                .help("Put `SET lock_timeout = '5s';` (or `SET LOCAL lock_timeout = '5s';` inside the transaction) "
                        + "before the first locking statement and retry the migration when it times out; if your "
                        + "runner sets it for every session, set `lock-timeout: provided-by-runner` in "
                        + ".miglint.yaml."));
    }
}
