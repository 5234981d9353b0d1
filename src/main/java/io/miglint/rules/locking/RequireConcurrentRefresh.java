package io.miglint.rules.locking;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import java.util.Locale;

/**
 * REFRESH MATERIALIZED VIEW without CONCURRENTLY holds ACCESS EXCLUSIVE on the view for the whole query, so nobody
 * can read it meanwhile (https://www.postgresql.org/docs/current/sql-refreshmaterializedview.html). CONCURRENTLY needs
 * a unique index on the view and a populated view; {@code WITH NO DATA} cannot be concurrent and is not flagged.
 */
@RuleInfo(
        id = "require-concurrent-refresh",
        summary = "Materialized view refreshed without CONCURRENTLY",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true)
public final class RequireConcurrentRefresh implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.RefreshMaterializedView r)
                || r.concurrently()
                || ctx.wholeScript().tableCreatedBefore(r.name(), s.index())
                || s.raw()
                        .text()
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("\\s+", " ")
                        .contains("with no data")) {
            return;
        }
        ctx.report(
                        s,
                        "refreshing materialized view " + r.name() + " takes an ACCESS EXCLUSIVE lock on it: every "
                                + "read of " + r.name() + " waits until the refresh query finishes")
                .help("Give the view a unique index (`CREATE UNIQUE INDEX … ON " + r.name() + " (…);`) and use "
                        + "`REFRESH MATERIALIZED VIEW CONCURRENTLY " + r.name() + ";`, which lets reads continue "
                        + "(it can run inside a transaction).");
    }
}
