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
            if (TableLock.isNewIndex(ctx.script(), index, s.index())
                    || io.miglint.rules.Rollback.dropsIndexOfUp(ctx, index)) {
                continue;
            }
            boolean noWay = ctx.script().isDown() && OwnMigration.inDown(ctx.script()).isEmpty();
            java.util.Optional<ParsedStatement> rebuild = recreatedLater(ctx, s, index);
            if (rebuild.isPresent() && d.names().size() == 1) {
                String old = WrittenSql.name(index);
                String fresh = WrittenSql.ident(index.name() + "_new");
                ctx.report(s, "dropping index " + index + " and building it again at line "
                                + rebuild.get().span().line() + (ctx.script().inTransaction(s)
                                ? " keeps an ACCESS EXCLUSIVE lock on its table from the drop until the transaction "
                                + "commits: all reads and writes of that table wait for the whole build"
                                : " takes an ACCESS EXCLUSIVE lock on its table for the drop and leaves it without "
                                + "the index, and blocking its writes, until the build finishes"))
                        .help(noWay ? "This down cannot drop or build it CONCURRENTLY: "
                                + OwnMigration.noWayInDown(ctx.script()) + ". Roll back when reads and writes of that "
                                + "table can wait for the build."
                                : "Rebuild it without blocking, each step outside a transaction ("
                                + OwnMigration.howToRunOutsideTransaction(ctx.script()) + "): build the new "
                                + "index first under another name (the same CREATE INDEX with CONCURRENTLY and the "
                                + "name " + fresh + "), then `DROP INDEX CONCURRENTLY IF EXISTS " + old
                                + ";` and `ALTER "
                                + "INDEX " + WrittenSql.name(new QualifiedName(index.schema(), index.name() + "_new"))
                                + " RENAME TO " + WrittenSql.ident(index.name()) + ";`.");
                return;
            }
            ctx.report(s, "dropping index " + index + " takes an ACCESS EXCLUSIVE lock on its table: all reads "
                            + "and writes of that table wait until the drop is done, and the drop itself waits "
                            + "for every running query on it")
                    .help(noWay ? "This down cannot drop " + (d.names().size() > 1 ? "them" : "it")
                            + " CONCURRENTLY: " + OwnMigration.noWayInDown(ctx.script()) + ". If the lock cannot "
                            + "wait, drop " + (d.names().size() > 1 ? "them" : "it") + " by hand before rolling back, `"
                            + String.join(" ", d.names().stream().map(i -> "DROP INDEX CONCURRENTLY IF EXISTS "
                            + WrittenSql.name(i) + ";").toList()) + "`, and write `DROP INDEX IF EXISTS` here."
                            : "Drop " + (d.names().size() > 1 ? "each" : "it") + " with CONCURRENTLY, one index per "
                            + "statement and no CASCADE: `" + String.join(" ", d.names().stream()
                            .map(i -> "DROP INDEX CONCURRENTLY IF EXISTS " + WrittenSql.name(i) + ";").toList())
                            + "`, " + (d.names().size() > 1 ? "each in " : "in ")
                            + OwnMigration.howToRunOutsideTransaction(ctx.script()) + ".");
            return;
        }
    }

    /** A later statement of the same script that creates an index of the same name: the drop is half a rebuild. */
    private static java.util.Optional<ParsedStatement> recreatedLater(RuleContext ctx, ParsedStatement s,
                                                                      QualifiedName index) {
        for (ParsedStatement later : ctx.script().statements().subList(s.index() + 1,
                ctx.script().statements().size())) {
            if (later.node() instanceof Statement.CreateIndex ci && ci.name() != null
                    && ci.name().equalsIgnoreCase(index.name())) {
                return java.util.Optional.of(later);
            }
        }
        return java.util.Optional.empty();
    }
}
