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
 * earlier in the same script, or named after a table created earlier in it, cannot be in use yet. {@code DROP INDEX IF
 * EXISTS} of a name an index of the folder had and has no longer (dropped, renamed, taken over by a constraint) does
 * nothing and locks nothing. Nor an index of a table no released code uses yet (created by a migration of the same
 * version, or of a date at most a week earlier), as lock-timeout-missing reads it. Nor where a later statement takes ACCESS EXCLUSIVE on the table anyway (later in the same
 * transaction block, or its own DROP TABLE later in the script).
 *
 * <p>An index of a partitioned table has no concurrent drop ("cannot drop partitioned index … concurrently"): the
 * finding stays, and its help says what the drop locks (the table and every partition) and how to keep that short,
 * and builds any new index first the way a partitioned table allows ({@link PartitionedIndex}).
 */
@RuleInfo(
        id = "require-concurrent-drop-index",
        summary = "Index of an existing table dropped without CONCURRENTLY",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true)
public final class RequireConcurrentDropIndex implements StatementRule {
    /**
     * A later statement of the same transaction adding a PRIMARY KEY or UNIQUE constraint on exactly the columns of
     * the unique, non-partial index {@code index} that {@code s} drops (without USING INDEX).
     */
    private static java.util.Optional<ParsedStatement> keyOnSameColumnsAfter(
            RuleContext ctx, ParsedStatement s, QualifiedName table, QualifiedName index) {
        java.util.Optional<io.miglint.model.schema.Index> idx = ctx.schema().index(index.name());
        if (idx.isEmpty()
                || !idx.get().unique()
                || idx.get().where() != null
                || !ctx.script().inTransaction(s)) {
            return java.util.Optional.empty();
        }
        int block = ctx.script().transactionBlock(s);
        return ctx.script().statements().stream()
                .filter(p -> p.index() > s.index()
                        && ctx.script().transactionBlock(p) == block
                        && p.node() instanceof Statement.AlterTable at
                        && at.table().sameAs(table)
                        && keyConstraint(at, idx.get().columns()).isPresent())
                .findFirst();
    }

    private static java.util.Optional<io.miglint.model.TableConstraint> keyConstraint(
            Statement.AlterTable at, java.util.List<String> columns) {
        return at.actions().stream()
                .filter(a -> a instanceof io.miglint.model.AlterAction.AddConstraint)
                .map(a -> ((io.miglint.model.AlterAction.AddConstraint) a).constraint())
                .filter(c -> (c.kind() == io.miglint.model.TableConstraint.Kind.PRIMARY_KEY
                                || c.kind() == io.miglint.model.TableConstraint.Kind.UNIQUE)
                        && c.usingIndex() == null
                        && c.columns().equals(columns))
                .findFirst();
    }

    /**
     * Whether the index's name starts with (after an {@code idx_}) the name of a table the folder made: one that
     * exists, or that an earlier statement of this script dropped.
     */
    private static boolean namedForFolderTable(RuleContext ctx, ParsedStatement s, QualifiedName index) {
        String[] words = index.name().replaceFirst("^(idx|ix|index)_", "").split("_");
        for (int n = words.length - 1; n >= 1; n--) {
            QualifiedName table = new QualifiedName(
                    index.schema(),
                    String.join("_", java.util.Arrays.asList(words).subList(0, n)));
            boolean droppedHere = ctx.script().statements().stream()
                    .filter(p -> p.index() < s.index())
                    .anyMatch(p -> p.node() instanceof Statement.Drop drop
                            && drop.kind() == ObjectKind.TABLE
                            && drop.names().stream().anyMatch(table::sameAs));
            if (ctx.schema().tableExists(table) || droppedHere) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Drop d) || d.kind() != ObjectKind.INDEX || d.concurrently()) {
            return;
        }
        for (QualifiedName index : d.names()) {
            if (d.ifExists() && ctx.schema().indexGone(index.name())) {
                // The folder's index of that name was dropped, renamed or taken over by a constraint: DROP INDEX IF
                // EXISTS only prints a notice, and locks nothing.
                continue;
            }
            java.util.Optional<QualifiedName> table = TableLock.tableOfIndex(ctx, index, s.index());
            boolean madeByFolder = ctx.wholeScript()
                            .indexCreatedBefore(index.name(), s.index())
                            .isPresent()
                    || ctx.schema().tableOfIndex(index.name()).isPresent()
                    || ctx.schema().tableOfDroppedIndex(index.name()).isPresent();
            if (d.ifExists() && !madeByFolder && namedForFolderTable(ctx, s, index)) {
                // No migration before it made an index of that name, though the folder made the table the name
                // points to (readur's "drop any indexes that may have been created" after dropping their tables;
                // connext's drop before a first build): IF EXISTS finds none and locks nothing. A table the folder
                // does not know (a history that starts after the schema did) leaves the drop reported.
                continue;
            }
            if (TableLock.isNewIndex(ctx, index, s.index())
                    || io.miglint.rules.Rollback.dropsIndexOfUp(ctx, index)
                    || table.flatMap(t -> TableLock.heldAt(ctx, t, s)).isPresent()
                    || table.map(t -> NewTables.unusedYet(ctx, t, s)).orElse(false)) {
                // a table no released code uses yet has no queries for the drop's lock to queue behind
                continue;
            }
            boolean noWay =
                    ctx.script().isDown() && OwnMigration.inDown(ctx.script()).isEmpty();
            if (table.isPresent()
                    && keyOnSameColumnsAfter(ctx, s, table.get(), index).isEmpty()
                    && lockedBeforeBuilds(ctx, table.get(), s)) {
                continue;
            }
            // PostgreSQL drops no index of a partitioned table CONCURRENTLY, builds none there, and attaches no
            // constraint to one with USING INDEX: the helps say what works there instead.
            boolean partitioned = table.map(t -> ctx.schema().partitioned(t)).orElse(false);
            String plainDrop = "DROP INDEX "
                    + String.join(", ", d.names().stream().map(WrittenSql::name).toList()) + ";";
            java.util.Optional<ParsedStatement> rebuild = HeldLock.rebuiltAt(ctx, s, index);
            if (rebuild.isPresent()) {
                String old = WrittenSql.name(index);
                String fresh = WrittenSql.ident(index.name() + "_new");
                String t = table.map(QualifiedName::toString).orElse("its table");
                int others = table.map(x -> HeldLock.buildsAfter(ctx, x, s)).orElse(1) - 1;
                lowerIfRecent(
                        ctx,
                        table,
                        ctx.report(
                                        s,
                                        "dropping index " + index + " and building it again at line "
                                                + rebuild.get().span().line()
                                                + (ctx.script().inTransaction(s)
                                                        ? " keeps an ACCESS EXCLUSIVE lock on " + t
                                                                + " from the drop until the transaction "
                                                                + "commits: all reads and writes of "
                                                                + (table.isPresent() ? t : "that table")
                                                                + " wait for the whole build"
                                                                + (others <= 0
                                                                        ? ""
                                                                        : ", and for the " + others
                                                                                + " other index build"
                                                                                + (others == 1 ? "" : "s")
                                                                                + " on it after the drop")
                                                        : " takes an ACCESS EXCLUSIVE lock on " + t
                                                                + " for the drop and leaves it without "
                                                                + "the index, and blocking its writes, until the build finishes"))
                                .help(
                                        noWay
                                                ? "This down cannot drop or build it CONCURRENTLY: "
                                                        + OwnMigration.noWayInDown(ctx.script())
                                                        + ". Roll back when reads and writes of that "
                                                        + "table can wait for the build."
                                                : partitioned
                                                        ? "PostgreSQL can neither drop nor build it CONCURRENTLY: "
                                                                + t + " is a partitioned table. Build the new index "
                                                                + "first, under another name, without blocking "
                                                                + "writes: "
                                                                + PartitionedIndex.build(
                                                                        rebuild.get(),
                                                                        fresh,
                                                                        "in "
                                                                                + OwnMigration
                                                                                        .howToRunOutsideTransaction(
                                                                                                ctx.script()))
                                                                + " Then `DROP INDEX " + old + ";` and `ALTER INDEX "
                                                                + WrittenSql.name(new QualifiedName(
                                                                        index.schema(), index.name() + "_new"))
                                                                + " RENAME TO " + WrittenSql.ident(index.name())
                                                                + ";`, with no way around the drop's lock: "
                                                                + PartitionedIndex.dropLock(
                                                                        table.get(), "DROP INDEX " + old + ";", false)
                                                        : "Rebuild it without blocking, each step outside a transaction ("
                                                                + OwnMigration.howToRunOutsideTransaction(ctx.script())
                                                                + "): build the new "
                                                                + "index first under another name (the same CREATE INDEX with CONCURRENTLY and the "
                                                                + "name " + fresh
                                                                + "), then `DROP INDEX CONCURRENTLY IF EXISTS " + old
                                                                + ";` and `ALTER "
                                                                + "INDEX "
                                                                + WrittenSql.name(new QualifiedName(
                                                                        index.schema(), index.name() + "_new"))
                                                                + " RENAME TO " + WrittenSql.ident(index.name())
                                                                + ";`."));
                return;
            }
            java.util.Optional<ParsedStatement> promote = partitioned
                    ? java.util.Optional.empty() // USING INDEX is refused on a partitioned table
                    : table.flatMap(t -> keyOnSameColumnsAfter(ctx, s, t, index));
            if (promote.isPresent()) {
                // conductor's V6 drops unique_queue_name, then adds PRIMARY KEY (queue_name): the key's build needs
                // the table locked anyway, and the index it drops is the one the key could take over.
                Statement.AlterTable at = (Statement.AlterTable) promote.get().node();
                io.miglint.model.TableConstraint key = keyConstraint(
                                at,
                                ctx.schema().index(index.name()).orElseThrow().columns())
                        .orElseThrow();
                String kind =
                        key.kind() == io.miglint.model.TableConstraint.Kind.PRIMARY_KEY ? "PRIMARY KEY" : "UNIQUE";
                String name = key.name() != null
                        ? key.name()
                        : at.table().name()
                                + (key.kind() == io.miglint.model.TableConstraint.Kind.PRIMARY_KEY ? "_pkey" : "_key");
                lowerIfRecent(
                        ctx,
                        table,
                        ctx.report(
                                        s,
                                        "dropping index " + index + " takes an ACCESS EXCLUSIVE lock on " + at.table()
                                                + ", and the " + kind + " added at line "
                                                + promote.get().span().line()
                                                + " then builds an index on the same columns under it: all reads and writes of "
                                                + at.table() + " wait for that build, though " + index.name()
                                                + " could serve as the key's index")
                                .help(
                                        "Keep " + index.name()
                                                + " and make it the key's index, which builds nothing: drop this "
                                                + "DROP INDEX and write the " + kind + " as `"
                                                + WrittenSql.alterTable(promote.get(), at) + " ADD CONSTRAINT "
                                                + WrittenSql.ident(name) + " " + kind + " USING INDEX "
                                                + WrittenSql.ident(index.name())
                                                + ";` (PostgreSQL renames the index to "
                                                + name
                                                + "; a primary key also makes its columns NOT NULL, checking the rows where they are not already)."));
                continue;
            }
            int builds = table.map(t -> HeldLock.buildsAfter(ctx, t, s)).orElse(0);
            if (builds == 0
                    && (table.isPresent()
                            ? droppedLater(ctx, table.get(), s)
                            : namedTableDroppedAfter(ctx, index, s))) {
                continue;
            }
            String own = OwnMigration.howToRunOutsideTransaction(ctx.script());
            String drops = String.join(
                    " ",
                    d.names().stream()
                            .map(i -> "DROP INDEX CONCURRENTLY IF EXISTS " + WrittenSql.name(i) + ";")
                            .toList());
            if (builds > 0) {
                // The lock stays until COMMIT, so the index builds after the drop run with the table unreadable.
                String t = table.get().toString();
                lowerIfRecent(
                        ctx,
                        table,
                        ctx.report(
                                        s,
                                        "dropping index " + index + " takes an ACCESS EXCLUSIVE lock on " + t
                                                + " and keeps "
                                                + "it until the transaction commits, while "
                                                + (builds == 1 ? "an index build" : builds + " index builds") + " on "
                                                + t
                                                + (builds == 1 ? " after it runs" : " after it run")
                                                + ": all reads and writes of "
                                                + t + " wait for " + (builds == 1 ? "that build" : "those builds"))
                                .help(
                                        partitioned
                                                ? partitionedBuilds(ctx, s, table.get(), builds, plainDrop, noWay)
                                                : noWay
                                                        ? "This down cannot drop or build "
                                                                + (builds == 1 ? "it" : "them")
                                                                + " CONCURRENTLY: "
                                                                + OwnMigration.noWayInDown(ctx.script())
                                                                + ". If reads of " + t
                                                                + " cannot wait for the build"
                                                                + (builds == 1 ? "" : "s")
                                                                + " during a rollback, drop "
                                                                + "the index by hand before rolling back, `" + drops
                                                                + "`, and write `DROP INDEX IF "
                                                                + "EXISTS` here: the build"
                                                                + (builds == 1 ? " then takes" : "s then take")
                                                                + " only "
                                                                + "a SHARE lock, which lets reads go on."
                                                        : "Take the index work out of this transaction: build the new index"
                                                                + (builds == 1 ? "" : "es")
                                                                + " with CONCURRENTLY and drop the old one"
                                                                + (d.names().size() > 1 ? "s" : "") + " with `" + drops
                                                                + "`, each statement in " + own
                                                                + "; build before dropping where queries need an index in between, and after this "
                                                                + "migration commits where the new index uses a column it adds."));
                return;
            }
            ctx.report(
                            s,
                            "dropping index " + index + " takes an ACCESS EXCLUSIVE lock on its table: all reads "
                                    + "and writes of that table wait until the drop is done, and the drop itself waits "
                                    + "for every running query on it")
                    .help(
                            partitioned
                                    ? PartitionedIndex.drop(table.get(), plainDrop, noWay)
                                    : noWay
                                            ? "This down cannot drop "
                                                    + (d.names().size() > 1 ? "them" : "it")
                                                    + " CONCURRENTLY: " + OwnMigration.noWayInDown(ctx.script())
                                                    + ". If the lock cannot "
                                                    + "wait, drop " + (d.names().size() > 1 ? "them" : "it")
                                                    + " by hand before rolling back, `"
                                                    + drops + "`, and write `DROP INDEX IF EXISTS` here."
                                            : "Drop " + (d.names().size() > 1 ? "each" : "it")
                                                    + " with CONCURRENTLY, one index per "
                                                    + "statement and no CASCADE: `" + drops + "`, "
                                                    + (d.names().size() > 1 ? "each in " : "in ") + own + ".");
            return;
        }
    }

    /**
     * The help for a drop of an index of a partitioned table followed, in the same transaction, by index builds on it:
     * neither can be CONCURRENTLY, so the build goes first, the way a partitioned table allows (ON ONLY, each
     * partition's CONCURRENTLY and attached), and the drop after it, short, in a transaction of its own (hatchet's
     * v1_event, PARTITION BY RANGE).
     */
    private static String partitionedBuilds(
            RuleContext ctx, ParsedStatement s, QualifiedName table, int builds, String plainDrop, boolean down) {
        String them = builds == 1 ? "the build" : "the builds";
        if (down) {
            return "This down cannot drop or build " + (builds == 1 ? "it" : "them") + " CONCURRENTLY: "
                    + OwnMigration.noWayInDown(ctx.script()) + "; nor could any migration, " + table
                    + " being a partitioned table. Roll back when reads and writes of " + table + " can wait for "
                    + them + ".";
        }
        java.util.Optional<ParsedStatement> build = TableLock.restOfTransaction(ctx, s.index()).stream()
                .filter(p -> p.node() instanceof Statement.CreateIndex && HeldLock.buildsIndex(p, table))
                .findFirst();
        String own = OwnMigration.howToRunOutsideTransaction(ctx.script());
        String first = build.isPresent()
                ? PartitionedIndex.build(
                        build.get(),
                        PartitionedIndex.name(
                                (Statement.CreateIndex) build.get().node()),
                        "in " + own)
                : "create each index on the parent alone with ON ONLY, which builds nothing, then build each "
                        + "partition's with CONCURRENTLY, in " + own + ", and attach it with `ALTER INDEX … ATTACH "
                        + "PARTITION …;`. " + PartitionedIndex.listPartitions(table) + " lists the partitions.";
        return "PostgreSQL can neither drop an index of " + table + " nor build one CONCURRENTLY: it is a "
                + "partitioned table. Take " + them + " out of the drop's lock: build the new index"
                + (builds == 1 ? "" : "es") + " first, before the drop, without blocking writes"
                + (build.isPresent() && builds > 1 ? " (here the first; the others the same way)" : "") + ": "
                + first + " Then drop the old one, with no way around its lock: "
                + PartitionedIndex.dropLock(table, plainDrop, false);
    }

    /**
     * For an index the folder never created (so its table is unknown): a later DROP TABLE of the script drops a table
     * whose name the index's name spells out ({@code idx_file_data_last_sync_time} before {@code DROP TABLE
     * file_data}), the index's table by every naming habit, and that drop locks it anyway.
     */
    private static boolean namedTableDroppedAfter(RuleContext ctx, QualifiedName index, ParsedStatement s) {
        String name = "_" + index.name().toLowerCase(java.util.Locale.ROOT) + "_";
        return ctx
                .script()
                .statements()
                .subList(s.index() + 1, ctx.script().statements().size())
                .stream()
                .anyMatch(later -> later.node() instanceof Statement.Drop d
                        && d.kind() == ObjectKind.TABLE
                        && d.names().stream()
                                .anyMatch(t -> name.contains("_" + t.name().toLowerCase(java.util.Locale.ROOT) + "_")));
    }

    /**
     * A later statement of the same transaction block takes ACCESS EXCLUSIVE on the table before any index build on it
     * runs: the builds (and everything after that statement) run with the table locked whatever this drop does, and
     * the drop only takes the lock a few statements earlier (lakekeeper's string_role_id: DROP INDEX, then ADD COLUMN,
     * UPDATE, SET NOT NULL and ADD UNIQUE on role). Another DROP INDEX does not count.
     */
    private static boolean lockedBeforeBuilds(RuleContext ctx, QualifiedName table, ParsedStatement s) {
        if (!ctx.script().inTransaction(s)) {
            return false;
        }
        for (ParsedStatement later : TableLock.restOfTransaction(ctx, s.index())) {
            if (!(later.node() instanceof Statement.Drop d && d.kind() == ObjectKind.INDEX)
                    && TableLock.takesAccessExclusive(ctx, table, later)) {
                return true;
            }
            if (HeldLock.buildsIndex(later, table)) {
                return false;
            }
        }
        return false;
    }

    /**
     * The table's own DROP TABLE later in the script locks it anyway, whatever the drop does. (A later ACCESS
     * EXCLUSIVE lock of the same transaction block is {@link #lockedBeforeBuilds}'s.)
     */
    private static boolean droppedLater(RuleContext ctx, QualifiedName table, ParsedStatement s) {
        return ctx
                .script()
                .statements()
                .subList(s.index() + 1, ctx.script().statements().size())
                .stream()
                .anyMatch(later -> later.node() instanceof Statement.Drop d
                        && d.kind() == ObjectKind.TABLE
                        && d.names().stream().anyMatch(table::sameAs));
    }

    /**
     * The reported cost is an index build under the drop's lock: on a table the folder made at most 90 days before,
     * information, as require-concurrent-index's builds are (MAS's personal_access_tokens, a month old).
     */
    private static void lowerIfRecent(
            RuleContext ctx, java.util.Optional<QualifiedName> table, io.miglint.rule.FindingDraft finding) {
        table.ifPresent(t -> NewTables.lowerIfRecent(ctx, t, finding));
    }
}
