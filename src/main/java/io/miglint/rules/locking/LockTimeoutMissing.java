package io.miglint.rules.locking;

import io.miglint.model.QualifiedName;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;

/**
 * A lock request waits behind every conflicting lock already held (a long SELECT, an idle-in-transaction session),
 * and every later request that conflicts with it queues behind the waiting one (every query for ACCESS EXCLUSIVE,
 * writes for SHARE): without lock_timeout a brief DDL lock turns into an outage
 * (https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT). Reported at the first
 * statement that may wait: a lock on a table whose ACCESS EXCLUSIVE lock the transaction already holds cannot. Passed
 * over too: locks on tables no code uses yet, and a new foreign key's lock on a lookup table the folder shows only
 * migrations write ({@link #lookupParent}), which queues no query of the application.
 * A warning where a wait queues every query on the table (ACCESS EXCLUSIVE), reported there; info where every wait
 * of the script queues only writes, unless the table stats show the table written ({@link #stallsApplication}): how
 * much a write-only wait holds up depends on a write rate the SQL does not show, and reviewers judged such findings
 * worth reading two times in three against eleven in twelve for ACCESS EXCLUSIVE (docs/accuracy.md).
 * Not reported in downs: a rollback is run rarely, by hand, by someone watching it, and reviewers judged 12 of 16 such
 * findings on real repositories not worth their time (docs/accuracy.md).
 */
@RuleInfo(
        id = "lock-timeout-missing",
        summary = "Statement locks an existing table with no lock_timeout set",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true)
public final class LockTimeoutMissing implements ScriptRule {
    /** The locked table by name where the script tells it: "orders (the table of index orders_idx)". */
    private static String label(ScriptView script, RuleContext ctx, TimeoutGuard g) {
        return tableOfDroppedIndex(ctx, g.statement(), g.lock())
                .map(t -> t + " (the table of index " + g.lock().object() + ")")
                .orElse(g.lock().label());
    }

    /** The table of the index a DROP INDEX locks, when the script tells which it is. */
    /** For a DROP INDEX's lock, the table of the index it drops. */
    private static java.util.Optional<QualifiedName> tableOfDroppedIndex(
            RuleContext ctx, io.miglint.model.ParsedStatement s, TableLock lock) {
        if (s.node() instanceof io.miglint.model.Statement.Drop d
                && d.kind() == io.miglint.model.ObjectKind.INDEX
                && lock.object() != null) {
            return TableLock.tableOfIndex(ctx, lock.object(), s.index());
        }
        return java.util.Optional.empty();
    }

    /** What the lock is on, as a table: an index's table for a DROP INDEX (MAS's personal_access_tokens). */
    private static QualifiedName lockedTable(RuleContext ctx, io.miglint.model.ParsedStatement s, TableLock lock) {
        return tableOfDroppedIndex(ctx, s, lock).orElse(lock.object());
    }

    /**
     * The lookup table a new foreign key of {@code s} references, when {@code lock} is the SHARE ROW EXCLUSIVE lock
     * the key takes on it (a CREATE TABLE's or ALTER TABLE's REFERENCES to another table) and the folder shows that
     * table to be a lookup table whose rows the migrations themselves write: documented as a lookup or reference table,
     * seeded with literal rows and without date or time columns, or a type hierarchy. SHARE ROW EXCLUSIVE lets reads
     * (and the FOR KEY SHARE row locks that inserts into referencing tables take) go on and queues only writes to that
     * table, which the application does not make. A single-row table does not count: its one row is often state the
     * application updates (settings, a counter, a last-run mark).
     */
    static java.util.Optional<io.miglint.model.schema.LookupTables.Lookup> lookupParent(
            RuleContext ctx, io.miglint.model.ParsedStatement s, TableLock lock) {
        if (!lock.mode().equals(TableLock.SHARE_ROW_EXCLUSIVE)
                || lock.object() == null
                || !referencesOtherTable(s, lock.object())) {
            return java.util.Optional.empty();
        }
        return ctx.lookupTable(lock.object())
                .filter(l -> l.evidence() != io.miglint.model.schema.LookupTables.Evidence.SINGLE_ROW);
    }

    /** {@code s} adds a foreign key to {@code parent} on a table other than {@code parent}. */
    private static boolean referencesOtherTable(io.miglint.model.ParsedStatement s, QualifiedName parent) {
        if (s.node() instanceof io.miglint.model.Statement.CreateTable ct) {
            return !ct.table().sameAs(parent)
                    && (ct.columns().stream()
                                    .anyMatch(c -> c.references() != null
                                            && c.references().table().sameAs(parent))
                            || ct.constraints().stream()
                                    .anyMatch(c -> c.references() != null
                                            && c.references().table().sameAs(parent)));
        }
        if (s.node() instanceof io.miglint.model.Statement.AlterTable at
                && !at.table().sameAs(parent)) {
            return at.actions().stream()
                    .anyMatch(a -> a instanceof io.miglint.model.AlterAction.AddConstraint ac
                                    && ac.constraint().references() != null
                                    && ac.constraint().references().table().sameAs(parent)
                            || a instanceof io.miglint.model.AlterAction.AddColumn add
                                    && add.column().references() != null
                                    && add.column().references().table().sameAs(parent));
        }
        return false;
    }

    /**
     * A wait for {@code lock} stalls the application whatever the table: it queues every query on it (ACCESS
     * EXCLUSIVE), or it queues the writes of a table the table stats show written since their counters were reset.
     */
    static boolean stallsApplication(RuleContext ctx, TableLock lock) {
        return lock.accessExclusive()
                || lock.object() != null
                        && ctx.tableStats(lock.object())
                                .map(t -> t.writes().orElse(0) > 0)
                                .orElse(false);
    }

    /**
     * {@code s} adds to the locked table a NOT NULL column without a default, which succeeds only on an empty table:
     * on a table with rows the statement fails (add-column-not-null-no-default's error), and an empty one no running
     * code writes; either way its lock wait is not the finding.
     */
    private static boolean onlyOnEmpty(io.miglint.model.ParsedStatement s, TableLock lock) {
        return lock.object() != null
                && s.node() instanceof io.miglint.model.Statement.AlterTable at
                && at.table().sameAs(lock.object())
                && at.actions().stream()
                        .anyMatch(a -> a instanceof io.miglint.model.AlterAction.AddColumn add
                                && !add.ifNotExists()
                                && add.column().failsOnAnyRow());
    }

    @Override
    public void check(ScriptView script, RuleContext ctx) {
        if (script.isDown() || ctx.options().string("lock-timeout", "required").equals("provided-by-runner")) {
            return;
        }
        // A lock on a table nobody's code uses yet cannot queue behind anyone's queries, nor queries behind it; nor
        // can a foreign key's lock on a lookup table that only migrations write. A wait on a table the script drops
        // (the DROP TABLE, or a trigger or constraint dropped before it) queues only the queries of code still using
        // that table, which is drop-table's finding; the locks on the tables its foreign keys reference count. A plain
        // index build's SHARE lock is require-concurrent-index's finding: its fix, CONCURRENTLY, waits for no write.
        java.util.function.BiPredicate<io.miglint.model.ParsedStatement, TableLock> passOver =
                (s, lock) -> NewTables.unusedYet(ctx, lock.object(), s)
                        || lookupParent(ctx, s, lock).isPresent()
                        || TableLock.onTableTheScriptDrops(script, s, lock)
                        || onlyOnEmpty(s, lock)
                        || !lock.accessExclusive()
                                && ctx.isSelected("require-concurrent-index")
                                && RequireConcurrentIndex.reportsBuild(s, ctx);
        // A wait that queues every read of the table is an outage whatever the table; one that queues only its
        // writes (SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE) matters as much as the table is written, which the SQL does
        // not show: a warning where the table stats show writes, info otherwise, and the finding goes to the first
        // read-blocking wait when the script has one.
        // A table a migration of the folder created at most 90 days before (NewTables.recent) has had little time to
        // gather the long queries and reports a lock waits behind: info, as the cost rules read it.
        java.util.Optional<TimeoutGuard> stalling = TimeoutGuard.firstUnguarded(
                ctx,
                "lock_timeout",
                ctx.schema(),
                passOver.or((s, lock) -> !stallsApplication(ctx, lock)
                        || NewTables.recent(ctx, lockedTable(ctx, s, lock)).isPresent()));
        java.util.Optional<TimeoutGuard> any = stalling.isPresent()
                ? stalling
                : TimeoutGuard.firstUnguarded(ctx, "lock_timeout", ctx.schema(), passOver);
        any.ifPresent(g -> {
            String table = tableOfDroppedIndex(ctx, g.statement(), g.lock())
                    .map(QualifiedName::toString)
                    .orElse(g.lock().label());
            io.miglint.rule.FindingDraft finding = ctx.report(
                            g.statement(),
                            "takes "
                                    + new TableLock(
                                                    g.lock().object(),
                                                    g.lock().mode(),
                                                    label(script, ctx, g),
                                                    g.lock().because())
                                            .describe()
                                    + " with no lock_timeout: if another session holds a conflicting "
                                    + "lock, this statement waits indefinitely and "
                                    + TableLock.blocked(g.lock().mode(), table) + " queues behind it"
                                    + TableLock.letThrough(g.lock().mode())
                                    + (stalling.isPresent()
                                            ? ""
                                            : NewTables.recent(ctx, lockedTable(ctx, g.statement(), g.lock()))
                                                    .map(r ->
                                                            "; " + r.since() + ", so few queries can be holding it yet")
                                                    .orElse("; how much that holds up depends on how often "
                                                            + table + " is written, which the migration does not "
                                                            + "show")))
                    .help(
                            "Put `SET lock_timeout = '5s';` (or `SET LOCAL lock_timeout = '5s';` inside the "
                                    + "transaction) before the first locking statement and retry the migration when it times "
                                    + "out; if your runner sets it for every session, set `lock-timeout: provided-by-runner` "
                                    + "in .miglint.yaml."
                                    + io.miglint.rules.CaughtErrors.swallowingBlock(script, g.statement())
                                            .map(b -> " Inside the DO block at line "
                                                    + b.span().line()
                                                    + " its `WHEN others` would catch the timeout too, and the "
                                                    + "migration would go on without this statement: catch only the "
                                                    + "condition the block expects (exception-swallows-error).")
                                            .orElse("")
                                    + (stalling.isPresent()
                                            ? ""
                                            : " With `miglint table-stats` "
                                                    + "(docs/table-stats.md) a wait on a table production writes is reported as a warning."));
            if (stalling.isEmpty()) {
                finding.severity(Severity.INFO);
            }
        });
    }
}
