package io.miglint.rules.locking;

import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;

/**
 * A statement that holds a write-blocking lock for as long as it runs (an index build, a table rewrite, a
 * validation scan) has no upper bound without statement_timeout
 * (https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-STATEMENT-TIMEOUT). Opt-in: many teams
 * prefer to let a long, planned build finish.
 */
@RuleInfo(
        id = "statement-timeout-missing",
        summary = "Statement locks an existing table with no statement_timeout set",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        optIn = true,
        onlineOnly = true)
public final class StatementTimeoutMissing implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (ctx.options().string("statement-timeout", "required").equals("provided-by-runner")) {
            return;
        }
        TimeoutGuard.firstUnguarded(ctx, "statement_timeout")
                .ifPresent(g -> ctx.report(
                                g.statement(),
                                "takes " + g.lock().describe() + " with no statement_timeout: nothing bounds how long "
                                        + "it waits for and then holds that lock, and writes to "
                                        + g.lock().label()
                                        + " are blocked the whole time")
                        .help(
                                "Put `SET statement_timeout = '15min';` (sized to the largest table) before the first locking "
                                        + "statement, next to `SET lock_timeout = '5s';`; if your "
                                        + "runner sets it for every session, set `statement-timeout: provided-by-runner` in "
                                        + ".miglint.yaml."));
    }
}
