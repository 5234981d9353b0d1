package io.miglint.rules.tool;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.LiquibaseChangeSet;
import io.miglint.model.ParsedStatement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import java.util.List;

/**
 * A Liquibase changeset marked {@code runInTransaction:false} that holds several statements. Liquibase then runs them
 * one by one in autocommit (AbstractSQLChange.generateStatements splits them; the changeset's transaction is not
 * opened) and writes the DATABASECHANGELOG row only after the last one: when a later statement fails, the earlier
 * ones stay applied, the changeset is not recorded, and the next update runs it again from its first statement.
 */
@RuleInfo(
        id = "liquibase-changeset-not-atomic",
        summary = "A Liquibase changeset runs several statements without a transaction",
        severity = Severity.WARNING,
        category = Category.TOOL)
public final class LiquibaseChangesetNotAtomic implements ScriptRule {
    @Override
    public void check(ScriptView script, RuleContext ctx) {
        LiquibaseChangeSet cs = script.migration().changeSet();
        if (script.layout() != LayoutKind.LIQUIBASE || cs == null || cs.runInTransaction() || script.isDown()) {
            return;
        }
        List<ParsedStatement> sql = script.sqlStatements().stream()
                .filter(s -> !s.isNested() && !s.raw().text().strip().equals(";"))
                .toList();
        if (sql.size() < 2) {
            return;
        }
        ParsedStatement second = sql.get(1);
        ctx.report(
                        second,
                        "changeset " + cs.author() + ":" + cs.id() + " runs its " + sql.size() + " statements "
                                + "without a transaction (runInTransaction:false): if this or a later one fails, the "
                                + "statements before it stay applied while the changeset is not recorded, and the next "
                                + "update runs it again from its first statement")
                .help("Give the statement that cannot run in a transaction (CREATE INDEX CONCURRENTLY …) a changeset "
                        + "of its own with `runInTransaction:false`, and move the other statements to a changeset "
                        + "that runs in a transaction (no runInTransaction attribute).");
    }
}
