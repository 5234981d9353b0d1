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
 * partitions are then indexed concurrently and attached), so it is not flagged. On a materialized view the build
 * blocks only REFRESH MATERIALIZED VIEW (its ACCESS EXCLUSIVE or, CONCURRENTLY, EXCLUSIVE lock conflicts with SHARE;
 * reads go on): an info, unless a function of the folder refreshes the view, a trigger's perhaps, whose callers then
 * wait too.
 *
 * <p>A plain b-tree over exactly the key columns of an index, primary key or unique constraint the table already has
 * (and no stronger: a UNIQUE index over the columns of a non-unique one adds a constraint) is a duplicate: the lock
 * finding stays, and says so, and the help says to drop the statement, or write the index it was meant to be when
 * its name is another table's and columns of it, rather than build the copy CONCURRENTLY.
 *
 * <p>On a partitioned table, where CONCURRENTLY is refused, the help builds the parent's index ON ONLY and each
 * partition's CONCURRENTLY, with the statement's whole definition, then attaches them ({@link PartitionedIndex}).
 */
@RuleInfo(
        id = "require-concurrent-index",
        summary = "Index built on an existing table without CONCURRENTLY",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true)
public final class RequireConcurrentIndex implements StatementRule {
    /**
     * Whether this rule reports {@code s} as a plain build on a table in use (not a materialized view only REFRESH
     * writes): its fix, CONCURRENTLY, takes a lock no write waits for, so lock-timeout-missing leaves the statement's
     * SHARE lock to this finding.
     */
    static boolean reportsBuild(ParsedStatement s, RuleContext ctx) {
        return s.node() instanceof Statement.CreateIndex ci
                && !ci.concurrently()
                && !ci.only()
                && !ctx.wholeScript().tableCreatedBefore(ci.table(), s.index())
                && !Rollback.restoresIndex(ctx, ci)
                && !NewTables.young(ctx, ci.table(), s)
                && !ctx.schema().materializedViewExists(ci.table());
    }

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.CreateIndex ci)
                || ci.concurrently()
                || ci.only()
                || ctx.wholeScript().tableCreatedBefore(ci.table(), s.index())
                || Rollback.restoresIndex(ctx, ci)) {
            return;
        }
        if (NewTables.young(ctx, ci.table(), s)) {
            return; // young or provably empty: no size, no traffic
        }
        if (ci.ifNotExists()
                && ci.name() != null
                && ctx.schema()
                        .index(ci.name())
                        .filter(i -> i.table().sameAs(ci.table()))
                        .isPresent()) {
            // Genie's V4_0_0_1 repeats CREATE INDEX IF NOT EXISTS jobs_created_index, which V3_3_0 built: PostgreSQL
            // skips it with a notice and builds nothing (the SHARE lock it takes first is lock-timeout-missing's)
            return;
        }
        String index = ci.name() == null ? "the index" : "index " + ci.name();
        String inDown =
                ctx.script().isDown() && OwnMigration.inDown(ctx.script()).isEmpty() ? downHelp(s, ci, ctx) : null;
        java.util.Optional<Duplicate> duplicate = inDown != null ? java.util.Optional.empty() : duplicate(ctx, ci, s);
        java.util.Optional<ParsedStatement> holder = TableLock.heldAt(ctx, ci.table(), s);
        if (holder.isPresent()) {
            if (HeldLock.silences(ctx, ci.table(), s, HeldLock.Work.BUILD).isEmpty()) {
                reportHeld(s, ctx, ci, index, holder.get(), inDown, duplicate);
            }
            return;
        }
        boolean matview = ctx.schema().materializedViewExists(ci.table());
        java.util.Optional<String> refresher =
                matview ? ctx.schema().functionRefreshing(ci.table()) : java.util.Optional.empty();
        String blocked = !matview
                ? ": every write to " + ci.table() + " is blocked until the build finishes"
                : refresher.isPresent()
                        ? ", a materialized view, so every REFRESH MATERIALIZED VIEW of it waits until "
                                + "the build finishes, and with it whatever calls " + refresher.get()
                                + ", which refreshes it: "
                                + "writes whose triggers call it wait too"
                        : ", a materialized view: queries of it go on and nothing writes it but REFRESH MATERIALIZED VIEW, "
                                + "which waits until the build finishes (a plain REFRESH, queued for its ACCESS EXCLUSIVE lock, "
                                + "then makes new queries of " + ci.table() + " wait as well)";
        String help = inDown != null
                ? inDown
                : ctx.schema().partitioned(ci.table())
                        ? partitionedHelp(ctx, s, ci)
                        : (s.isNested()
                                        ? "Take it out of the DO block (CONCURRENTLY cannot run "
                                                + "inside one) and build it with CONCURRENTLY, `"
                                        : "Build it with CONCURRENTLY, `")
                                + concurrently(s)
                                + ";`, in " + OwnMigration.howToRunOutsideTransaction(ctx.script())
                                + "; if the build fails it leaves an INVALID index: drop it with "
                                + (ci.name() == null
                                        ? "DROP INDEX CONCURRENTLY"
                                        : "`DROP INDEX CONCURRENTLY IF EXISTS "
                                                + io.miglint.rules.WrittenSql.name(new io.miglint.model.QualifiedName(
                                                        ci.table().schema(), ci.name()))
                                                + "`")
                                + " and retry.";
        if (duplicate.isPresent()) {
            ctx.report(
                            s,
                            "building " + index + " takes a SHARE lock on " + ci.table() + blocked + ", for nothing: "
                                    + duplicate.get().what() + " already indexes " + ci.table() + " ("
                                    + String.join(", ", ci.columns())
                                    + "), so this copy only adds write and storage cost")
                    .help(duplicate.get().help(s, ctx));
            return;
        }
        if (inDown == null && !matview) {
            help = renameInstead(ctx, s, ci).orElse(help);
        }
        io.miglint.rule.FindingDraft finding =
                ctx.report(s, "building " + index + " takes a SHARE lock on " + ci.table() + blocked);
        if (matview && refresher.isEmpty()) {
            // Only a REFRESH waits, and the application's reads go on: a note, not a warning.
            finding.severity(io.miglint.rule.Severity.INFO)
                    .help("Nothing else waits for the build. "
                            + (inDown != null
                                    ? inDown
                                    : "If a REFRESH of " + ci.table()
                                            + " may run while it builds, run the migration between " + "refreshes, or "
                                            + Character.toLowerCase(help.charAt(0)) + help.substring(1)));
        } else {
            finding.help(help);
            NewTables.lowerIfRecent(ctx, ci.table(), finding);
        }
    }

    /**
     * The build runs while the transaction holds ACCESS EXCLUSIVE on the table, so readers wait too, and CONCURRENTLY
     * cannot help inside that transaction: the help moves the build out of it, before the lock or after the commit,
     * whichever the script allows. A down has no other migration to move it to: {@code inDown}, when set, is the
     * help of a down that runs as one transaction; a down with statements outside a transaction builds it there.
     */
    /** {@code c UNIQUE USING INDEX index} (or PRIMARY KEY): the constraint attached to an index, as SQL. */
    private static String attach(io.miglint.model.TableConstraint c, String index) {
        return io.miglint.rules.WrittenSql.ident(c.name())
                + (c.kind() == io.miglint.model.TableConstraint.Kind.PRIMARY_KEY ? " PRIMARY KEY" : " UNIQUE")
                + " USING INDEX " + index;
    }

    /**
     * The UNIQUE or PRIMARY KEY constraint a later statement of the script attaches the index to
     * ({@code ADD CONSTRAINT … USING INDEX}): a rebuild of the index must then swap the constraint, since DROP INDEX
     * of a constraint's index fails.
     */
    private static java.util.Optional<io.miglint.model.TableConstraint> attachedLater(
            RuleContext ctx, ParsedStatement s, Statement.CreateIndex ci) {
        if (ci.name() == null) {
            return java.util.Optional.empty();
        }
        for (ParsedStatement p : ctx.script().statements()) {
            if (p.index() > s.index()
                    && p.node() instanceof Statement.AlterTable at
                    && at.table().sameAs(ci.table())) {
                for (io.miglint.model.AlterAction a : at.actions()) {
                    if (a instanceof io.miglint.model.AlterAction.AddConstraint ac
                            && ac.constraint().name() != null
                            && ci.name().equals(ac.constraint().usingIndex())) {
                        return java.util.Optional.of(ac.constraint());
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A unique index replacing a key or unique constraint the script dropped earlier (UAA's groups lose unique_uk_2,
     * then get groups_unique_key): built later, it leaves the table without a uniqueness rule in between, so the drop
     * moves along; the old rule, on fewer columns, is stricter and may stay until then. Empty when there is none.
     */
    private static String keepOldKey(RuleContext ctx, ParsedStatement s, Statement.CreateIndex ci, String when) {
        if (!ci.unique()) {
            return "";
        }
        for (io.miglint.model.schema.ScriptRecord.DroppedKey k :
                ctx.schema().currentScript().keysDropped(ci.table())) {
            if (k.columns().isEmpty() || !ci.columns().containsAll(k.columns())) {
                continue; // a key over other columns is not the one this index takes over
            }
            java.util.Optional<ParsedStatement> at = ctx.script().statements().stream()
                    .filter(p -> p.index() < s.index()
                            && p.node() instanceof Statement.AlterTable a
                            && a.table().sameAs(ci.table())
                            && a.actions().stream()
                                    .anyMatch(x -> x instanceof io.miglint.model.AlterAction.DropConstraint d
                                            && d.name().equals(k.name())))
                    .findFirst();
            if (at.isPresent()) {
                return " It replaces " + (k.primary() ? "the primary key " : "the unique constraint ") + k.name()
                        + ", dropped at line " + at.get().span().line() + ": " + when
                        + ", drop that only once the new index exists (move the DROP CONSTRAINT into a migration after"
                        + " the build), so that " + ci.table()
                        + " keeps a uniqueness rule in between; the old one, on ("
                        + String.join(", ", k.columns()) + "), is the stricter.";
            }
        }
        return "";
    }

    /**
     * The build makes again, under a new name, an index of the table that an earlier DROP INDEX of the script dropped
     * (Genie's V4_0_0 drops job_applications_requested_application_id_index and builds
     * job_requested_applications_application_id_index on the same column): renaming the old index does the same and
     * builds nothing. Empty when the columns, uniqueness or predicate differ.
     */
    private static java.util.Optional<String> renameInstead(
            RuleContext ctx, ParsedStatement s, Statement.CreateIndex ci) {
        if (ci.name() == null || ci.columns().isEmpty()) {
            return java.util.Optional.empty();
        }
        for (ParsedStatement p : ctx.script().statements()) {
            if (p.index() >= s.index()
                    || !(p.node() instanceof Statement.Drop d)
                    || d.kind() != io.miglint.model.ObjectKind.INDEX
                    || d.names().size() != 1) {
                continue;
            }
            String old = d.names().get(0).name();
            java.util.Optional<io.miglint.model.schema.Index> was = ctx.schema()
                    .droppedIndex(old)
                    .filter(i -> !old.equals(ci.name())
                            && i.table().sameAs(ci.table())
                            && i.columns().equals(ci.columns())
                            && i.unique() == ci.unique()
                            && i.plainKey()
                            && ci.plainKey());
            if (was.isPresent()) {
                return java.util.Optional.of("It builds again, under a new name, the index " + old + " that line "
                        + p.span().line() + " drops (the same columns): rename that one instead, which builds "
                        + "nothing, `ALTER INDEX "
                        + io.miglint.rules.WrittenSql.name(new io.miglint.model.QualifiedName(
                                d.names().get(0).schema(), old))
                        + " RENAME TO " + io.miglint.rules.WrittenSql.ident(ci.name()) + ";`, in place of that "
                        + "DROP INDEX and this CREATE INDEX.");
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether {@code holder} renames a table to {@code table}'s name. */
    private static boolean renamesInto(ParsedStatement holder, io.miglint.model.QualifiedName table) {
        return holder.node() instanceof Statement.AlterTable at
                && at.actions().stream()
                        .anyMatch(a -> a instanceof io.miglint.model.AlterAction.RenameTable r
                                && new io.miglint.model.QualifiedName(at.table().schema(), r.to()).sameAs(table));
    }

    private static void reportHeld(
            ParsedStatement s,
            RuleContext ctx,
            Statement.CreateIndex ci,
            String index,
            ParsedStatement holder,
            String inDown,
            java.util.Optional<Duplicate> duplicate) {
        String t = ci.table().toString();
        String own = OwnMigration.howToRunOutsideTransaction(ctx.script());
        java.util.Optional<ParsedStatement> dropped = HeldLock.replacesDropped(ctx, holder, s, ci.name());
        java.util.Optional<String> added = HeldLock.addedInScript(ctx, ci.table(), ci.columns(), s.index());
        String help;
        java.util.Optional<String> rename = renameInstead(ctx, s, ci);
        if (inDown != null) {
            help = inDown;
        } else if (rename.isPresent()) {
            help = rename.get();
        } else if (duplicate.isPresent()) {
            help = duplicate.get().help(s, ctx);
        } else if (ctx.script().isDown()) {
            help = "Take it out of the locked part: build it with CONCURRENTLY in " + own + ", `" + concurrently(s)
                    + ";`, or at least move it before line " + holder.span().line() + ", so that it runs before the "
                    + "ACCESS EXCLUSIVE lock is taken (its own SHARE lock lets reads go on).";
        } else if (dropped.isPresent() && droppedColumnOfOldIndex(ctx, ci).isPresent()) {
            // lakekeeper drops the old index, then the column it indexed, then builds the new one: the old index
            // cannot stay, it would go with the column
            help = "It replaces the index dropped at line "
                    + dropped.get().span().line() + ", which indexed "
                    + droppedColumnOfOldIndex(ctx, ci).get() + ", a column this migration drops, so the old index "
                    + "cannot stay until a rebuild. Build the new one after this migration commits, in a migration of "
                    + "its own, with CONCURRENTLY: `" + concurrently(s) + ";` in " + own + " (queries that need it "
                    + "run without an index on " + t + " in between), or keep the build here and plan for " + t
                    + " being unreadable while it runs.";
        } else if (dropped.isPresent()) {
            String fresh = io.miglint.rules.WrittenSql.ident(ci.name() + "_new");
            java.util.Optional<io.miglint.model.TableConstraint> attached = attachedLater(ctx, s, ci);
            String swap = attached.map(c -> "`ALTER TABLE " + io.miglint.rules.WrittenSql.name(ci.table())
                            + " DROP CONSTRAINT " + io.miglint.rules.WrittenSql.ident(c.name()) + ", ADD CONSTRAINT "
                            + attach(c, fresh)
                            + ";` (one statement, a brief ACCESS EXCLUSIVE: the old index goes "
                            + "with its constraint, and the new one takes the constraint's name)")
                    .orElse("`DROP INDEX CONCURRENTLY IF EXISTS "
                            + io.miglint.rules.WrittenSql.name(new io.miglint.model.QualifiedName(
                                    ci.table().schema(), ci.name()))
                            + ";` and `ALTER INDEX "
                            + io.miglint.rules.WrittenSql.name(new io.miglint.model.QualifiedName(
                                    ci.table().schema(), ci.name() + "_new"))
                            + " RENAME TO " + io.miglint.rules.WrittenSql.ident(ci.name()) + ";`");
            help = "It replaces the index dropped at line "
                    + dropped.get().span().line() + ", so building it after "
                    + "COMMIT would leave " + t + " without it in between. If the old index"
                    + attached.map(c -> " and its constraint " + c.name()).orElse("") + " can stay until then, keep "
                    + (attached.isPresent() ? "them" : "it") + " in this migration and rebuild "
                    + (attached.isPresent() ? "them" : "it") + " in migrations of their own after this one, each "
                    + "step outside a transaction (" + own + "): the same CREATE INDEX with CONCURRENTLY under the "
                    + "name " + fresh + ", then " + swap + ". "
                    + "Otherwise the build stays here, and " + t + " is unreadable while it runs: plan for it.";
        } else if (added.isPresent()) {
            java.util.Optional<io.miglint.model.TableConstraint> attached = attachedLater(ctx, s, ci);
            help = "It indexes " + added.get() + ", which this migration adds, so it cannot be built earlier: build "
                    + "it after this migration commits, in a migration of its own, with CONCURRENTLY: `"
                    + concurrently(s) + ";` in " + own
                    + attached.map(c -> ", and move the "
                                    + io.miglint.rules.WrittenSql.ident(c.name())
                                    + " constraint this migration attaches to it along, "
                                    + "into a migration after that build (`ALTER TABLE "
                                    + io.miglint.rules.WrittenSql.name(ci.table())
                                    + " ADD CONSTRAINT " + attach(c, io.miglint.rules.WrittenSql.ident(ci.name()))
                                    + ";`)")
                            .orElse("")
                    + "." + keepOldKey(ctx, s, ci, "built so");
        } else if (renamesInto(holder, ci.table())) {
            // Genie's V4_0_0 renames job_applications_requested at line 157, then indexes it under its new name:
            // before that line, or in an earlier migration, the table has another name
            help = "The table takes this name at line " + holder.span().line() + ", so the build cannot move before "
                    + "it: build it after this migration commits, in a migration of its own, with CONCURRENTLY (`"
                    + concurrently(s) + ";` in " + own + ")." + keepOldKey(ctx, s, ci, "built after this migration");
        } else {
            help = "Take it out of the locked part: build it in a migration of its own with CONCURRENTLY, before "
                    + "this one or after it commits (`" + concurrently(s) + ";` in " + own + "), or at least move "
                    + "it before line " + holder.span().line() + ", so that it runs before the ACCESS EXCLUSIVE lock "
                    + "is taken (its own SHARE lock lets reads go on)."
                    + keepOldKey(ctx, s, ci, "built after this migration");
        }
        if (inDown == null
                && duplicate.isEmpty()
                && rename.isEmpty()
                && ctx.schema().partitioned(ci.table())) {
            help = partitionedHelp(ctx, s, ci);
        }
        io.miglint.rule.FindingDraft finding = ctx.report(
                        s,
                        "building " + index + " while this transaction already holds ACCESS EXCLUSIVE on " + t
                                + " (taken at line " + holder.span().line() + "): every read and write of " + t
                                + " waits "
                                + "until the build finishes and the transaction commits"
                                + HeldLock.andMore(ctx, ci.table(), s, HeldLock.Work.BUILD)
                                + duplicate
                                        .map(d ->
                                                "; and the index is a copy of " + d.what() + ", which already indexes "
                                                        + t + " (" + String.join(", ", ci.columns()) + ")")
                                        .orElse(""))
                .help(help);
        if (duplicate.isEmpty()) {
            NewTables.lowerIfRecent(ctx, ci.table(), finding);
        }
    }

    /**
     * What the table already has over exactly the new index's key columns: an index, primary key or unique
     * constraint, as the schema stands before the statement. Only a plain b-tree over bare columns on both sides
     * (no predicate, expression, operator class or INCLUDE: any of those makes a different index), and a UNIQUE
     * index only when the existing one is unique too.
     */
    public record Duplicate(
            String what,
            String twin,
            Statement.CreateIndex ci,
            java.util.Optional<io.miglint.model.schema.Table> meant,
            java.util.List<String> meantColumns) {

        String help(ParsedStatement s, RuleContext ctx) {
            String drop = "Drop this statement rather than build it CONCURRENTLY: " + what + " already serves every "
                    + "lookup it would";
            if (meant.isEmpty()) {
                return drop + ". If it was meant for another table or other columns, write that index instead, with "
                        + "CONCURRENTLY unless the table is new.";
            }
            io.miglint.model.QualifiedName target = meant.get().name();
            boolean fresh = ctx.wholeScript().tableCreatedBefore(target, s.index());
            if (!fresh && ctx.schema().partitioned(target)) {
                return drop + ". Its name says it was meant for " + target + " (" + String.join(", ", meantColumns)
                        + "): if so, write that index in its place; " + target + " is a partitioned table, where "
                        + "PostgreSQL refuses CONCURRENTLY, so "
                        + PartitionedIndex.build(
                                target,
                                ci.unique() ? "CREATE UNIQUE INDEX" : "CREATE INDEX",
                                true,
                                io.miglint.rules.WrittenSql.ident(ci.name()),
                                "(" + io.miglint.rules.WrittenSql.idents(meantColumns) + ")",
                                "in " + OwnMigration.howToRunOutsideTransaction(ctx.script()));
            }
            String sql = "CREATE " + (ci.unique() ? "UNIQUE " : "") + "INDEX " + (fresh ? "" : "CONCURRENTLY ")
                    + "IF NOT EXISTS " + io.miglint.rules.WrittenSql.ident(ci.name()) + " ON "
                    + io.miglint.rules.WrittenSql.name(target) + " ("
                    + io.miglint.rules.WrittenSql.idents(meantColumns) + ");";
            return drop + ". Its name says it was meant for " + target + " (" + String.join(", ", meantColumns)
                    + "): if so, write `" + sql + "` in its place"
                    + (fresh
                            ? " (the table is created earlier in "
                                    + "this migration, so the plain build locks nothing anyone uses)"
                            : ", in " + OwnMigration.howToRunOutsideTransaction(ctx.script()))
                    + ".";
        }
    }

    /** A later statement of the script drops the index or the key constraint of that name. */
    public static boolean droppedLater(RuleContext ctx, ParsedStatement s, String name) {
        for (ParsedStatement later : ctx.script()
                .statements()
                .subList(s.index() + 1, ctx.script().statements().size())) {
            if (later.node() instanceof Statement.Drop d
                            && d.kind() == io.miglint.model.ObjectKind.INDEX
                            && d.names().stream().anyMatch(n -> n.name().equals(name))
                    || later.node() instanceof Statement.AlterTable at
                            && at.actions().stream()
                                    .anyMatch(a -> a instanceof io.miglint.model.AlterAction.DropConstraint dc
                                            && dc.name().equals(name))) {
                return true;
            }
        }
        return false;
    }

    public static java.util.Optional<Duplicate> duplicate(
            RuleContext ctx, Statement.CreateIndex ci, ParsedStatement s) {
        if (!ci.plainKey() || ci.columns().isEmpty()) {
            return java.util.Optional.empty();
        }
        java.util.Optional<io.miglint.model.schema.Table> table = ctx.schema().table(ci.table());
        if (table.isEmpty()) {
            return java.util.Optional.empty();
        }
        String what = null;
        String twin = null;
        for (io.miglint.model.schema.Constraint c : table.get().constraints()) {
            if ((c.kind() == io.miglint.model.TableConstraint.Kind.PRIMARY_KEY
                            || c.kind() == io.miglint.model.TableConstraint.Kind.UNIQUE)
                    && c.columns().equals(ci.columns())) {
                if (droppedLater(ctx, s, c.name())) {
                    return java.util.Optional.empty(); // a replacement: the old key goes later in this script
                }
                what = (c.kind() == io.miglint.model.TableConstraint.Kind.PRIMARY_KEY
                                ? "the primary key "
                                : "the unique constraint ")
                        + c.name();
                twin = c.name();
                break;
            }
        }
        if (what == null) {
            for (io.miglint.model.schema.Index i : table.get().indexes()) {
                if (i.plainKey()
                        && i.columns().equals(ci.columns())
                        && (i.unique() || !ci.unique())
                        && !i.name().equals(ci.name())) {
                    if (droppedLater(ctx, s, i.name())) {
                        return java.util.Optional.empty(); // a rebuild: the old index goes later in this script
                    }
                    what = (i.unique() ? "the unique index " : "the index ") + i.name();
                    twin = i.name();
                    break;
                }
            }
        }
        if (what == null) {
            return java.util.Optional.empty();
        }
        java.util.Optional<java.util.Map.Entry<io.miglint.model.schema.Table, java.util.List<String>>> meant =
                meantFor(ctx, ci.name(), ci.table(), ci.columns());
        return java.util.Optional.of(new Duplicate(
                what,
                twin,
                ci,
                meant.map(java.util.Map.Entry::getKey),
                meant.map(java.util.Map.Entry::getValue).orElse(java.util.List.of())));
    }

    /**
     * The other table an index name was written for, and its columns: the name of another table of the schema, then
     * columns of it ({@code orders_customer_id_idx} on the wrong table), or anything else when that table has the
     * index's columns. Empty for a name of its own table or of none.
     */
    public static java.util.Optional<java.util.Map.Entry<io.miglint.model.schema.Table, java.util.List<String>>>
            meantFor(
                    RuleContext ctx,
                    String indexName,
                    io.miglint.model.QualifiedName table,
                    java.util.List<String> indexColumns) {
        io.miglint.model.schema.Table meant = null;
        java.util.List<String> meantColumns = java.util.List.of();
        String name = indexName == null ? "" : indexName.replaceFirst("_(idx|index|key|ix|fkey)$", "");
        for (io.miglint.model.schema.Table t : ctx.schema().tables()) {
            String prefix = t.name().name() + "_";
            if (t.name().sameAs(table)
                    || !name.startsWith(prefix)
                    || meant != null
                            && meant.name().name().length() >= t.name().name().length()
                    || !new io.miglint.model.QualifiedName(
                                    table.schema(), t.name().name())
                            .sameAs(t.name())) {
                continue;
            }
            java.util.List<String> columns = columnsNamed(t, name.substring(prefix.length()));
            if (columns.isEmpty()
                    && indexColumns.stream().allMatch(c -> t.column(c).isPresent())) {
                columns = indexColumns; // `l_area_instrument_idx_uniq ON l_area_label (entity0, …)`: the same columns
            }
            if (!columns.isEmpty()) {
                meant = t;
                meantColumns = columns;
            }
        }
        return meant == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(java.util.Map.entry(meant, meantColumns));
    }

    /** {@code rest} read as column names of {@code t} joined by underscores, as many as it takes; empty if not. */
    private static java.util.List<String> columnsNamed(io.miglint.model.schema.Table t, String rest) {
        if (rest.isEmpty()) {
            return java.util.List.of();
        }
        if (t.column(rest).isPresent()) {
            return java.util.List.of(rest);
        }
        for (int i = rest.indexOf('_'); i > 0; i = rest.indexOf('_', i + 1)) {
            if (t.column(rest.substring(0, i)).isPresent()) {
                java.util.List<String> more = columnsNamed(t, rest.substring(i + 1));
                if (!more.isEmpty()) {
                    java.util.List<String> out = new java.util.ArrayList<>();
                    out.add(rest.substring(0, i));
                    out.addAll(more);
                    return out;
                }
            }
        }
        return java.util.List.of();
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
        if (ctx.schema().partitioned(ci.table())) {
            return help + " If writes to " + ci.table() + " cannot wait for the build during a rollback, build it by "
                    + "hand first and write `" + written(s, false, true) + ";` here: the rollback then finds it "
                    + "built. " + ci.table() + " is a partitioned table, where PostgreSQL refuses CONCURRENTLY: by "
                    + "hand, "
                    + PartitionedIndex.build(s, PartitionedIndex.name(ci), "outside a transaction");
        }
        return help + " If writes to " + ci.table() + " cannot wait for the build during a rollback, build it by "
                + "hand first, `" + written(s, true, true) + ";`, and write `" + written(s, false, true) + ";` here: "
                + "the rollback then finds it built.";
    }

    /** The statement as written with CONCURRENTLY after INDEX: every column, method, INCLUDE and WHERE kept. */
    private static String concurrently(ParsedStatement s) {
        return written(s, true, false);
    }

    /**
     * The help for an index on a partitioned table, where PostgreSQL refuses CONCURRENTLY ("cannot create index on
     * partitioned table concurrently", checked on 15; AppFlowy's af_collab): the parent's index alone with ON ONLY,
     * which builds nothing, each partition's built CONCURRENTLY, with the same definition, and attached
     * (https://www.postgresql.org/docs/current/sql-createindex.html, "Indexes on partitioned tables").
     */
    private static String partitionedHelp(RuleContext ctx, ParsedStatement s, Statement.CreateIndex ci) {
        return "PostgreSQL refuses CONCURRENTLY on " + ci.table() + ", a partitioned table. Build the index without "
                + "blocking writes this way: "
                + PartitionedIndex.build(
                        s, PartitionedIndex.name(ci), "in " + OwnMigration.howToRunOutsideTransaction(ctx.script()));
    }

    /** The statement as written, with CONCURRENTLY and IF NOT EXISTS after INDEX where asked and not yet there. */
    private static String written(ParsedStatement s, boolean concurrently, boolean ifNotExists) {
        Statement.CreateIndex ci = (Statement.CreateIndex) s.node();
        return insertAfter(
                s,
                "index",
                (concurrently ? " CONCURRENTLY" : "") + (ifNotExists && !ci.ifNotExists() ? " IF NOT EXISTS" : ""));
    }

    /** The statement as written, with {@code text} after the first word {@code word}. */
    private static String insertAfter(ParsedStatement s, String word, String text) {
        StringBuilder out = new StringBuilder();
        io.miglint.sql.Token previous = null;
        boolean inserted = false;
        for (io.miglint.sql.Token t : s.raw().body()) {
            if (previous != null && t.start() > previous.end()) {
                out.append(' ');
            }
            out.append(s.raw().source().slice(t.start(), t.end()));
            if (!inserted && t.is(word)) {
                out.append(text);
                inserted = true;
            }
            previous = t;
        }
        return out.toString();
    }

    /** A column the index dropped under this name indexed and the table no longer has here (the script dropped it). */
    private static java.util.Optional<String> droppedColumnOfOldIndex(RuleContext ctx, Statement.CreateIndex ci) {
        return ctx.schema()
                .droppedIndex(ci.name())
                .flatMap(old -> old.columns().stream()
                        .filter(c -> c.matches("[A-Za-z_][A-Za-z0-9_$]*")
                                && ctx.schema()
                                        .table(ci.table())
                                        .map(t -> !t.columns().isEmpty())
                                        .orElse(false)
                                && ctx.schema().column(ci.table(), c).isEmpty())
                        .findFirst());
    }
}
