package io.miglint.rules.locking;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.Rollback;

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
                || ctx.script().tableCreatedBefore(ci.table(), s.index()) || Rollback.restoresIndex(ctx, ci)) {
            return;
        }
        String index = ci.name() == null ? "the index" : "index " + ci.name();
        java.util.Optional<ParsedStatement> held = s.isNested() ? java.util.Optional.empty()
                : TableLock.accessExclusiveHeld(ctx.script(), ci.table(), s.index());
        String inDown = ctx.script().isDown() && OwnMigration.inDown(ctx.script()).isEmpty() ? downHelp(s, ci, ctx)
                : null;
        if (held.isPresent()) {
            ctx.report(s, "building " + index + " while this transaction already holds ACCESS EXCLUSIVE on "
                            + ci.table() + " (taken at line " + held.get().span().line() + "): every read and write "
                            + "of " + ci.table() + " waits until the build finishes and the transaction commits")
                    .help(inDown != null ? inDown : "Build it in a migration of its own after this one, when the "
                            + "change to " + ci.table() + " has committed, with CONCURRENTLY: `" + concurrently(s)
                            + ";` in " + OwnMigration.howToRunOutsideTransaction(ctx.script()) + ".");
            return;
        }
        ctx.report(s, "building " + index + " takes a SHARE lock on " + ci.table()
                        + ": every write to " + ci.table() + " is blocked until the build finishes")
                .help(inDown != null ? inDown : (s.isNested() ? "Take it out of the DO block (CONCURRENTLY cannot run "
                        + "inside one) and build "
                        + "it with CONCURRENTLY, `" : "Build it with CONCURRENTLY, `") + concurrently(s) + ";`, in "
                        + OwnMigration.howToRunOutsideTransaction(ctx.script())
                        + "; if the build fails it leaves an INVALID index: drop it with "
                        + (ci.name() == null ? "DROP INDEX CONCURRENTLY" : "`DROP INDEX CONCURRENTLY IF EXISTS "
                        + io.miglint.rules.WrittenSql.name(new io.miglint.model.QualifiedName(ci.table().schema(),
                        ci.name())) + "`") + " and retry.");
    }

    /**
     * For a down whose statements all run in one transaction: CONCURRENTLY is impossible there, and the rollback has
     * no other migration to move the build to. What it can do is find the index already built.
     */
    private static String downHelp(ParsedStatement s, Statement.CreateIndex ci, RuleContext ctx) {
        String help = "This down cannot build it CONCURRENTLY: " + OwnMigration.noWayInDown(ctx.script()) + ".";
        if (ci.name() == null || s.isNested()) {
            return help + " Roll back when writes to " + ci.table() + " can wait for the build.";
        }
        return help + " If writes to " + ci.table() + " cannot wait for the build during a rollback, build it by "
                + "hand first, `" + written(s, true, true) + ";`, and write `" + written(s, false, true) + ";` here: "
                + "the rollback then finds it built.";
    }

    /** The statement as written with CONCURRENTLY after INDEX: every column, method, INCLUDE and WHERE kept. */
    private static String concurrently(ParsedStatement s) {
        return written(s, true, false);
    }

    /** The statement as written, with CONCURRENTLY and IF NOT EXISTS after INDEX where asked and not yet there. */
    private static String written(ParsedStatement s, boolean concurrently, boolean ifNotExists) {
        Statement.CreateIndex ci = (Statement.CreateIndex) s.node();
        String after = (concurrently ? " CONCURRENTLY" : "")
                + (ifNotExists && !ci.ifNotExists() ? " IF NOT EXISTS" : "");
        StringBuilder out = new StringBuilder();
        io.miglint.sql.Token previous = null;
        boolean inserted = false;
        for (io.miglint.sql.Token t : s.raw().body()) {
            if (previous != null && t.start() > previous.end()) {
                out.append(' ');
            }
            out.append(s.raw().source().slice(t.start(), t.end()));
            if (!inserted && t.is("index")) {
                out.append(after);
                inserted = true;
            }
            previous = t;
        }
        return out.toString();
    }
}
