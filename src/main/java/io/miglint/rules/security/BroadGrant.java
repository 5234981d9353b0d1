package io.miglint.rules.security;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * PUBLIC is every role, including roles created after the grant; ALL on a table includes TRUNCATE, REFERENCES and
 * TRIGGER, which applications almost never need (https://www.postgresql.org/docs/current/ddl-priv.html).
 * REVOKE … FROM PUBLIC is the fix, not the problem, so only GRANT is checked.
 */
@RuleInfo(id = "broad-grant", summary = "GRANT to PUBLIC or GRANT ALL PRIVILEGES", severity = Severity.WARNING,
        category = Category.SECURITY)
public final class BroadGrant implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Grant g) || !g.grant()) {
            return;
        }
        String on = g.objects() == null ? "" : " on " + g.objects().trim();
        if (g.toPublic()) {
            ctx.report(s, "grants " + g.privileges().trim() + on + " to PUBLIC: every role in the cluster, "
                            + "including ones created later, gets it")
                    .help("Grant to the application's role instead (`GRANT SELECT ON accounts TO app_reader;`), "
                            + "and `REVOKE ALL" + on + " FROM PUBLIC` where PostgreSQL grants PUBLIC by default.");
        } else if (g.allPrivileges()) {
            ctx.report(s, "grants ALL privileges" + on + " to " + String.join(", ", g.grantees())
                            + ": that includes TRUNCATE, REFERENCES and TRIGGER (CREATE on a schema), far more than "
                            + "an application needs, and any privilege added to the object type later")
                    .help("Name the privileges the role needs, e.g. `GRANT SELECT, INSERT, UPDATE, DELETE ON "
                            + "accounts TO app;` or `GRANT USAGE ON SCHEMA app TO app;`.");
        }
    }
}
