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
        if (NewTables.young(ctx, ci.table(), s)) {
            return; // young or provably empty: no size, no traffic
        }
        String index = ci.name() == null ? "the index" : "index " + ci.name();
        java.util.Optional<ParsedStatement> holder = TableLock.heldAt(ctx, ci.table(), s);
        if (holder.isPresent()) {
            if (HeldLock.silences(ctx, ci.table(), s, HeldLock.Work.BUILD).isEmpty()) {
                reportHeld(s, ctx, ci, index, holder.get());
            }
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

    /**
     * The build runs while the transaction holds ACCESS EXCLUSIVE on the table, so readers wait too, and CONCURRENTLY
     * cannot help inside that transaction: the help moves the build out of it, before the lock or after the commit,
     * whichever the script allows.
     */
    private static void reportHeld(ParsedStatement s, RuleContext ctx, Statement.CreateIndex ci, String index,
                                   ParsedStatement holder) {
        String t = ci.table().toString();
        String own = OwnMigration.howToRunOutsideTransaction(ctx.script());
        java.util.Optional<ParsedStatement> dropped = HeldLock.replacesDropped(ctx, holder, s, ci.name());
        java.util.Optional<String> added = HeldLock.addedInScript(ctx, ci.table(), ci.columns(), s.index());
        String help;
        if (dropped.isPresent()) {
            String fresh = io.miglint.rules.WrittenSql.ident(ci.name() + "_new");
            help = "It replaces the index dropped at line " + dropped.get().span().line() + ", so building it after "
                    + "COMMIT would leave " + t + " without it in between. If the old index can stay until then, keep "
                    + "it in this migration and rebuild it in migrations of their own after this one, each step "
                    + "outside a transaction (" + own + "): the same CREATE INDEX with CONCURRENTLY under the name "
                    + fresh + ", then `DROP INDEX CONCURRENTLY IF EXISTS " + io.miglint.rules.WrittenSql.name(
                    new io.miglint.model.QualifiedName(ci.table().schema(), ci.name())) + ";` and `ALTER INDEX "
                    + io.miglint.rules.WrittenSql.name(new io.miglint.model.QualifiedName(ci.table().schema(),
                    ci.name() + "_new")) + " RENAME TO " + io.miglint.rules.WrittenSql.ident(ci.name()) + ";`. "
                    + "Otherwise the build stays here, and " + t + " is unreadable while it runs: plan for it.";
        } else if (added.isPresent()) {
            help = "It indexes " + added.get() + ", which this migration adds, so it cannot be built earlier: build "
                    + "it after this migration commits, in a migration of its own, with CONCURRENTLY: `"
                    + concurrently(s) + ";` in " + own + ".";
        } else {
            help = "Take it out of the locked part: build it in a migration of its own with CONCURRENTLY, before "
                    + "this one or after it commits (`" + concurrently(s) + ";` in " + own + "), or at least move "
                    + "it before line " + holder.span().line() + ", so that it runs before the ACCESS EXCLUSIVE lock "
                    + "is taken (its own SHARE lock lets reads go on).";
        }
        ctx.report(s, "building " + index + " while this transaction already holds ACCESS EXCLUSIVE on " + t
                        + " (taken at line " + holder.span().line() + "): every read and write of " + t + " waits "
                        + "until the build finishes and the transaction commits" + HeldLock.andMore(ctx, ci.table(), s, HeldLock.Work.BUILD))
                .help(help);
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
