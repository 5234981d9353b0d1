package io.miglint.rules.locking;

import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;

/**
 * DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: reads and writes wait, and so
 * does everything queued behind it (https://www.postgresql.org/docs/current/sql-dropindex.html). An index created
 * earlier in the same script, or named after a table created earlier in it, cannot be in use yet.
 */
@RuleInfo(id = "require-concurrent-drop-index", summary = "Index of an existing table dropped without CONCURRENTLY",
        severity = Severity.WARNING, category = Category.LOCKING)
public final class RequireConcurrentDropIndex implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Drop d) || d.kind() != ObjectKind.INDEX || d.concurrently()) {
            return;
        }
        for (QualifiedName index : d.names()) {
            if (TableLock.isNewIndex(ctx.script(), index, s.index())) {
                continue;
            }
            ctx.report(s, "dropping index " + index + " takes an ACCESS EXCLUSIVE lock on its table: all reads "
                            + "and writes of that table wait until the drop is done, and the drop itself waits "
                            + "for every running query on it")
                    .help("Drop " + (d.names().size() > 1 ? "each" : "it") + " with CONCURRENTLY, one index per "
                            + "statement and no CASCADE: `" + String.join(" ", d.names().stream()
                            .map(i -> "DROP INDEX CONCURRENTLY IF EXISTS " + WrittenSql.name(i) + ";").toList())
                            + "` in " + OwnMigration.howToRunOutsideTransaction(ctx.script().layout()) + ".");
            return;
        }
    }
}
