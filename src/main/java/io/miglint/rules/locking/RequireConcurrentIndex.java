package io.miglint.rules.locking;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * CREATE INDEX without CONCURRENTLY holds a SHARE lock on the table for the whole build: reads go on, every
 * INSERT/UPDATE/DELETE waits (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY).
 * {@code CREATE INDEX ON ONLY parent} builds nothing (it creates an invalid index on a partitioned parent whose
 * partitions are then indexed concurrently and attached), so it is not flagged.
 */
@RuleInfo(id = "require-concurrent-index", summary = "Index built on an existing table without CONCURRENTLY",
        severity = Severity.WARNING, category = Category.LOCKING)
public final class RequireConcurrentIndex implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.CreateIndex ci) || ci.concurrently() || ci.only()
                || ctx.script().tableCreatedBefore(ci.table(), s.index())) {
            return;
        }
        String index = ci.name() == null ? "the index" : "index " + ci.name();
        java.util.Optional<ParsedStatement> held = s.isNested() ? java.util.Optional.empty()
                : TableLock.accessExclusiveHeld(ctx.script(), ci.table(), s.index());
        if (held.isPresent()) {
            ctx.report(s, "building " + index + " while this transaction already holds ACCESS EXCLUSIVE on "
                            + ci.table() + " (taken at line " + held.get().span().line() + "): every read and write "
                            + "of " + ci.table() + " waits until the build finishes and the transaction commits")
                    .help("Build it in a migration of its own after this one, when the change to " + ci.table()
                            + " has committed, with CONCURRENTLY: `" + concurrently(s) + ";` in "
                            + OwnMigration.howToRunOutsideTransaction(ctx.script()) + ".");
            return;
        }
        ctx.report(s, "building " + index + " takes a SHARE lock on " + ci.table()
                        + ": every write to " + ci.table() + " is blocked until the build finishes")
                .help((s.isNested() ? "Take it out of the DO block (CONCURRENTLY cannot run inside one) and build "
                        + "it with CONCURRENTLY, `" : "Build it with CONCURRENTLY, `") + concurrently(s) + ";`, in "
                        + OwnMigration.howToRunOutsideTransaction(ctx.script())
                        + "; if the build fails it leaves an INVALID index: drop it with "
                        + (ci.name() == null ? "DROP INDEX CONCURRENTLY" : "`DROP INDEX CONCURRENTLY IF EXISTS "
                        + io.miglint.rules.WrittenSql.name(new io.miglint.model.QualifiedName(ci.table().schema(),
                        ci.name())) + "`") + " and retry.");
    }

    /** The statement as written with CONCURRENTLY after INDEX: every column, method, INCLUDE and WHERE kept. */
    private static String concurrently(ParsedStatement s) {
        StringBuilder out = new StringBuilder();
        io.miglint.sql.Token previous = null;
        boolean inserted = false;
        for (io.miglint.sql.Token t : s.raw().body()) {
            if (previous != null && t.start() > previous.end()) {
                out.append(' ');
            }
            out.append(s.raw().source().slice(t.start(), t.end()));
            if (!inserted && t.is("index")) {
                out.append(" CONCURRENTLY");
                inserted = true;
            }
            previous = t;
        }
        return out.toString();
    }
}
