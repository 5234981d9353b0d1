package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.rule.RuleContext;
import java.util.List;
import java.util.Optional;

/**
 * Statements on a table whose ACCESS EXCLUSIVE lock an earlier statement of the same transaction took
 * ({@link TableLock#accessExclusiveHeld}). Such a statement cannot wait for its lock and blocks nobody new, so the
 * lock rules report a table once per transaction. Work whose time grows with the table is the exception: while it
 * runs, readers wait too, and the fix takes it out of the locked transaction. The first index build and the first
 * check of existing rows on the table (counting the statement that took the lock) are reported, each saying how many
 * more of its kind follow; the others are not. A whole-table UPDATE under the lock is the costliest of those checks'
 * kind: where it comes first, the first check after it carries the one finding to it ({@link HeldBackfill}). A rewrite
 * of the table (change-column-type's finding) counts as both kinds: after it, neither is reported again.
 */
final class HeldLock {
    private HeldLock() {}

    /** Work on a held table that is reported once per table and transaction. */
    enum Work {
        BUILD,
        ROW_CHECK
    }

    /**
     * The statement whose ACCESS EXCLUSIVE lock on {@code table} the transaction holds when {@code s} runs, when
     * {@code s} is not the one statement to report for its kind of {@code work} there: present means "say nothing".
     */
    static Optional<ParsedStatement> silences(RuleContext ctx, QualifiedName table, ParsedStatement s, Work work) {
        return TableLock.heldAt(ctx, table, s).filter(holder -> !firstOfItsKind(ctx, table, holder, s, work));
    }

    /**
     * True when no statement from {@code holder} up to {@code s} does the same kind of work on {@code table}, and, for
     * an index build, the holder is not a DROP INDEX that require-concurrent-drop-index reports (its finding says that
     * the builds after it run with the table unreadable).
     */
    private static boolean firstOfItsKind(
            RuleContext ctx, QualifiedName table, ParsedStatement holder, ParsedStatement s, Work work) {
        if (work == Work.BUILD && reportedDrop(ctx, holder)) {
            return false;
        }
        return firstOfKind(ctx, table, holder, work)
                .filter(first -> first.index() == s.index())
                .isPresent();
    }

    /**
     * The first statement from {@code holder} on, in its transaction, that does {@code work} on {@code table}; for a
     * check of existing rows, a whole-table UPDATE or DELETE counts too ({@link HeldBackfill}). Found once per table
     * and transaction.
     */
    static Optional<ParsedStatement> firstOfKind(
            RuleContext ctx, QualifiedName table, ParsedStatement holder, Work work) {
        java.util.Map<String, Integer> first = ctx.script().memo("heldlock.first-of-kind", java.util.HashMap::new);
        int at = first.computeIfAbsent(work + " " + table.key() + " " + holder.index(), k -> {
            if (does(ctx, holder, table, work) || rewrites(ctx, holder, table)) {
                return holder.index();
            }
            for (ParsedStatement p : TableLock.restOfTransaction(ctx, holder.index())) {
                if (does(ctx, p, table, work)
                        || rewrites(ctx, p, table)
                        || work == Work.ROW_CHECK && HeldBackfill.touchesEveryRow(ctx, p, table)) {
                    return p.index();
                }
            }
            return -1;
        });
        return at < 0 ? Optional.empty() : Optional.of(ctx.script().statements().get(at));
    }

    /**
     * A rewrite of {@code table} by {@code p}, a statement the model has already applied: it reads every row and
     * rebuilds every index, so the index builds and row checks after it under the same lock add little to the lock
     * time, and change-column-type reports it (lakekeeper's tasks_store_their_state rewrites task, then builds indexes
     * and sets NOT NULL on it).
     */
    private static boolean rewrites(RuleContext ctx, ParsedStatement p, QualifiedName table) {
        return p.index() < ctx.schema().currentScript().statements()
                && ctx.schema().currentScript().rewrites(p.index(), table);
    }

    private static boolean does(RuleContext ctx, ParsedStatement p, QualifiedName table, Work work) {
        if (!(work == Work.BUILD ? buildsIndex(p, table) : checksRows(ctx, p, table))) {
            return false;
        }
        if (!ctx.script().isDown()) {
            return true;
        }
        // A down's statement that only puts back what its up dropped is not reported (Rollback): it does not count.
        if (p.node() instanceof Statement.CreateIndex ci) {
            return !io.miglint.rules.Rollback.restoresIndex(ctx, ci);
        }
        Statement.AlterTable at = (Statement.AlterTable) p.node();
        return at.actions().stream()
                .anyMatch(a -> !io.miglint.rules.Rollback.restores(ctx, p, a)
                        && (work == Work.BUILD ? buildsIndex(a) : checksRows(ctx, table, p, a)));
    }

    /** What a held-lock message adds: how many more statements of the same work keep the table blocked. */
    static String andMore(RuleContext ctx, QualifiedName table, ParsedStatement s, Work work) {
        int more = 0;
        for (ParsedStatement p : TableLock.restOfTransaction(ctx, s.index())) {
            if (does(ctx, p, table, work)) {
                more++;
            }
        }
        String what = work == Work.BUILD
                ? (more == 1 ? "index build" : "index builds")
                : (more == 1 ? "check of existing rows" : "checks of existing rows");
        return more == 0
                ? ""
                : "; " + more + " more " + what + " on " + table + (more == 1 ? " follows" : " follow")
                        + " under the same lock";
    }

    /** Index builds on {@code table} after {@code s} in the same transaction. */
    static int buildsAfter(RuleContext ctx, QualifiedName table, ParsedStatement s) {
        int n = 0;
        for (ParsedStatement p : TableLock.restOfTransaction(ctx, s.index())) {
            if (buildsIndex(p, table)) {
                n++;
            }
        }
        return n;
    }

    /**
     * An ALTER TABLE that checks the table's existing rows: a CHECK or FOREIGN KEY without NOT VALID, a REFERENCES
     * column with a default, or SET NOT NULL on a column the script did not add itself.
     */
    static boolean checksRows(RuleContext ctx, ParsedStatement p, QualifiedName table) {
        if (!(p.node() instanceof Statement.AlterTable at) || !at.table().sameAs(table)) {
            return false;
        }
        return at.actions().stream().anyMatch(a -> checksRows(ctx, table, p, a));
    }

    static boolean checksRows(RuleContext ctx, QualifiedName table, ParsedStatement p, AlterAction a) {
        return a instanceof AlterAction.AddConstraint ac
                        && !ac.constraint().notValid()
                        && (ac.constraint().kind() == TableConstraint.Kind.CHECK
                                || ac.constraint().kind() == TableConstraint.Kind.FOREIGN_KEY)
                || a instanceof AlterAction.AddColumn add
                        && add.column().references() != null
                        && add.column().defaultExpr() != null
                        && !add.column().defaultExpr().isNullLiteral()
                || a instanceof AlterAction.SetNotNull snn
                        && addedInScript(ctx, table, List.of(snn.column()), p.index())
                                .isEmpty();
    }

    /** A plain CREATE INDEX on the table, or an ALTER TABLE adding a UNIQUE or PRIMARY KEY that builds one. */
    static boolean buildsIndex(ParsedStatement p, QualifiedName table) {
        if (p.node() instanceof Statement.CreateIndex ci) {
            return !ci.concurrently() && !ci.only() && ci.table().sameAs(table);
        }
        return p.node() instanceof Statement.AlterTable at
                && at.table().sameAs(table)
                && at.actions().stream().anyMatch(HeldLock::buildsIndex);
    }

    private static boolean buildsIndex(AlterAction a) {
        return a instanceof AlterAction.AddConstraint ac
                        && ac.constraint().usingIndex() == null
                        && (ac.constraint().kind() == TableConstraint.Kind.UNIQUE
                                || ac.constraint().kind() == TableConstraint.Kind.PRIMARY_KEY)
                || a instanceof AlterAction.AddColumn add
                        && (add.column().unique() || add.column().primaryKey());
    }

    /**
     * A DROP INDEX that require-concurrent-drop-index reports (an index not new to the script): its finding says that
     * the builds after it on the same table run with the table unreadable.
     */
    static boolean reportedDrop(RuleContext ctx, ParsedStatement p) {
        return p.node() instanceof Statement.Drop d
                && d.kind() == ObjectKind.INDEX
                && !d.concurrently()
                && d.names().stream()
                        .anyMatch(i -> !TableLock.isNewIndex(ctx, i, p.index())
                                && !io.miglint.rules.Rollback.dropsIndexOfUp(ctx, i));
    }

    /** A later statement of the same script that creates an index of the same name: the drop is half a rebuild. */
    static Optional<ParsedStatement> rebuiltAt(RuleContext ctx, ParsedStatement drop, QualifiedName index) {
        List<ParsedStatement> all = ctx.script().statements();
        for (ParsedStatement later : all.subList(drop.index() + 1, all.size())) {
            if (later.node() instanceof Statement.CreateIndex ci
                    && ci.name() != null
                    && ci.name().equalsIgnoreCase(index.name())) {
                return Optional.of(later);
            }
        }
        return Optional.empty();
    }

    /** The DROP INDEX of the same name earlier in the transaction than {@code s}: the build replaces that index. */
    static Optional<ParsedStatement> replacesDropped(
            RuleContext ctx, ParsedStatement holder, ParsedStatement s, String indexName) {
        if (indexName == null) {
            return Optional.empty();
        }
        if (holder.node() instanceof Statement.Drop d
                && d.kind() == ObjectKind.INDEX
                && d.names().stream().anyMatch(n -> n.name().equalsIgnoreCase(indexName))) {
            return Optional.of(holder);
        }
        for (ParsedStatement p : TableLock.restOfTransaction(ctx, holder.index())) {
            if (p.index() >= s.index()) {
                break;
            }
            if (p.node() instanceof Statement.Drop d
                    && d.kind() == ObjectKind.INDEX
                    && d.names().stream().anyMatch(n -> n.name().equalsIgnoreCase(indexName))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * A column of {@code table} that an ADD COLUMN earlier in the script added (under that name, or under one a later
     * RENAME COLUMN gave it) and that {@code columns} names.
     */
    static Optional<String> addedInScript(RuleContext ctx, QualifiedName table, List<String> columns, int before) {
        java.util.Map<String, List<Added>> added = ctx.script().memo("heldlock.added-columns", () -> {
            java.util.Map<String, List<Added>> byTable = new java.util.HashMap<>();
            for (ParsedStatement p : ctx.script().statements()) {
                if (p.node() instanceof Statement.AlterTable at) {
                    List<Added> mine = byTable.computeIfAbsent(at.table().key(), k -> new java.util.ArrayList<>());
                    for (AlterAction a : at.actions()) {
                        if (a instanceof AlterAction.AddColumn add) {
                            mine.add(new Added(p.index(), add.column().name()));
                        } else if (a instanceof AlterAction.RenameColumn r
                                && mine.stream().anyMatch(x -> x.column().equals(r.from()))) {
                            mine.add(new Added(p.index(), r.to()));
                        }
                    }
                }
            }
            return byTable;
        });
        return added.getOrDefault(table.key(), List.of()).stream()
                .filter(a -> a.statement() < before)
                .map(Added::column)
                .filter(name -> columns.stream().anyMatch(c -> mentions(c, name)))
                .findFirst();
    }

    /** A column name an ALTER TABLE of the script gave a table (ADD COLUMN, or a RENAME of such a column). */
    private record Added(int statement, String column) {}

    /** An index element (a column name, or an expression as written) that uses {@code column}. */
    private static boolean mentions(String element, String column) {
        return element.equalsIgnoreCase(column)
                || java.util.regex.Pattern.compile("(?i)(^|[^a-z0-9_$\"])\"?" + java.util.regex.Pattern.quote(column)
                                + "\"?($|[^a-z0-9_$\"])")
                        .matcher(element)
                        .find();
    }

    /**
     * The statement of this script, up to and including {@code s}, that drops the constraint or index named
     * {@code name} on {@code table}: the ADD in {@code s} puts it back, so an index built beforehand cannot take that
     * name while the old one still exists.
     */
    static Optional<ParsedStatement> dropsName(RuleContext ctx, QualifiedName table, String name, ParsedStatement s) {
        for (ParsedStatement p : ctx.script().statements().subList(0, s.index() + 1)) {
            if (p.node() instanceof Statement.AlterTable at
                            && at.table().sameAs(table)
                            && at.actions().stream()
                                    .anyMatch(a -> a instanceof AlterAction.DropConstraint dc
                                            && dc.name().equalsIgnoreCase(name))
                    || p.node() instanceof Statement.Drop d
                            && d.kind() == ObjectKind.INDEX
                            && d.names().stream().anyMatch(n -> n.name().equalsIgnoreCase(name))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The help of a UNIQUE or PRIMARY KEY constraint ({@code kind}) added by {@code s} when the plain recipe (build its
     * index CONCURRENTLY under the constraint's name before this migration, then attach it) does not fit: the script
     * dropped a constraint of that name first (a re-add), or it adds the columns itself. Empty when the plain recipe
     * fits.
     */
    static Optional<String> constraintHelp(
            RuleContext ctx,
            ParsedStatement s,
            Statement.AlterTable at,
            String name,
            List<String> columns,
            String kind) {
        String table = io.miglint.rules.WrittenSql.name(at.table());
        String alter = io.miglint.rules.WrittenSql.alterTable(s, at);
        String cols = io.miglint.rules.WrittenSql.idents(columns);
        String own = OwnMigration.howToRunOutsideTransaction(ctx.script());
        Optional<ParsedStatement> dropped = dropsName(ctx, at.table(), name, s);
        Optional<String> added = addedInScript(ctx, at.table(), columns, s.index())
                .or(() -> at.actions().stream()
                        .filter(a -> a instanceof AlterAction.AddColumn add
                                && columns.stream()
                                        .anyMatch(c -> mentions(c, add.column().name())))
                        .map(a -> ((AlterAction.AddColumn) a).column().name())
                        .findFirst());
        Optional<ParsedStatement> referencedBy = referencedLater(ctx, at.table(), columns, s);
        if (referencedBy.isPresent() && (added.isPresent() || dropped.isPresent())) {
            // lakekeeper adds project_id, keys it and points foreign keys at it in one migration: the key cannot
            // move to a later one, nor its index be built before the column exists
            return Optional.of(
                    "The foreign key added at line " + referencedBy.get().span().line()
                            + " of this migration references " + at.table() + " (" + cols + "), which needs this "
                            + kind + " to exist first, so it cannot move to a later migration"
                            + (added.isPresent()
                                    ? ", and its index cannot be built before this migration adds " + added.get()
                                    : "")
                            + ": the build stays here, under the lock this transaction holds. Run the migration when "
                            + at.table() + " can be unreadable for the build, or move the foreign keys to the later "
                            + "migration together with the key.");
        }
        if (dropped.isPresent() && added.isEmpty()) {
            String fresh = io.miglint.rules.WrittenSql.ident(name + "_new");
            return Optional.of("It replaces the " + name + " dropped at line "
                    + dropped.get().span().line()
                    + ", whose index is still there until then, so build the new index under another name first, "
                    + "in a migration of its own before this one: `CREATE UNIQUE INDEX CONCURRENTLY " + fresh + " ON "
                    + table + " (" + cols + ");` in " + own + "; then, after the drop, `" + alter + " ADD CONSTRAINT "
                    + io.miglint.rules.WrittenSql.ident(name) + " " + kind + " USING INDEX " + fresh + ";`, which "
                    + "takes that index over under the constraint's name without building anything.");
        }
        if (added.isPresent() && dropped.isPresent() && !dropsColumnAfter(ctx, at.table(), dropped.get(), s)) {
            String fresh = io.miglint.rules.WrittenSql.ident(name + "_new");
            String n = io.miglint.rules.WrittenSql.ident(name);
            return Optional.of("This migration adds " + added.get() + ", so the index cannot be built before it, and "
                    + "it replaces the " + name + " dropped at line "
                    + dropped.get().span().line()
                    + ": moved to a later migration, the constraint would leave (" + cols + ") unconstrained in "
                    + "between (duplicates can enter, and an `ON CONFLICT (" + cols + ")` fails). To keep the lock "
                    + "short, move the drop with it and swap in one statement: after this migration commits, "
                    + "`CREATE UNIQUE INDEX CONCURRENTLY " + fresh + " ON " + table + " (" + cols + ");` in " + own
                    + ", then `" + alter + " DROP CONSTRAINT " + n + ", ADD CONSTRAINT " + n + " " + kind
                    + " USING INDEX " + fresh + ";`; deploy code that relies on the new key only after that. "
                    + "Otherwise keep both here, where the build waits under the lock this transaction holds.");
        }
        if (added.isPresent()) {
            String idx = io.miglint.rules.WrittenSql.ident(name);
            return Optional.of("This migration adds " + added.get() + ", so the index cannot be built before it: "
                    + "add the constraint after this migration commits, from an index built without blocking writes: "
                    + "`CREATE UNIQUE INDEX CONCURRENTLY " + idx + " ON " + table + " (" + cols + ");` in " + own
                    + ", then `" + alter + " ADD CONSTRAINT " + io.miglint.rules.WrittenSql.ident(name) + " " + kind
                    + " USING INDEX " + idx + ";`; deploy code that relies on the key (an `ON CONFLICT (" + cols
                    + ")`) only after that.");
        }
        return Optional.empty();
    }

    /**
     * A later statement of the script adding a foreign key that references {@code table} by {@code columns} (in any
     * order, as PostgreSQL matches a key), or by no columns, which means its primary key.
     */
    private static Optional<ParsedStatement> referencedLater(
            RuleContext ctx, QualifiedName table, List<String> columns, ParsedStatement s) {
        java.util.function.Predicate<io.miglint.model.ForeignKeyRef> refers = r -> r != null
                && r.table() != null
                && r.table().sameAs(table)
                && (r.columns() == null
                        || r.columns().isEmpty()
                        || r.columns().stream()
                                .map(c -> c.toLowerCase(java.util.Locale.ROOT))
                                .collect(java.util.stream.Collectors.toSet())
                                .equals(columns.stream()
                                        .map(c -> c.toLowerCase(java.util.Locale.ROOT))
                                        .collect(java.util.stream.Collectors.toSet())));
        for (ParsedStatement p : ctx.script()
                .statements()
                .subList(s.index() + 1, ctx.script().statements().size())) {
            if (p.node() instanceof Statement.AlterTable at) {
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.AddConstraint ac
                                    && ac.constraint().kind() == TableConstraint.Kind.FOREIGN_KEY
                                    && refers.test(ac.constraint().references())
                            || a instanceof AlterAction.AddColumn add
                                    && refers.test(add.column().references())) {
                        return Optional.of(p);
                    }
                }
            } else if (p.node() instanceof Statement.CreateTable ct
                    && (ct.constraints().stream()
                                    .anyMatch(c ->
                                            c.kind() == TableConstraint.Kind.FOREIGN_KEY && refers.test(c.references()))
                            || ct.columns().stream().anyMatch(c -> refers.test(c.references())))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the script drops a column of {@code table}, or a column's NOT NULL, from {@code from} to {@code to}: the
     * constraint dropped at {@code from} may have covered it (ente drops its primary key, then the old {@code id} column), so it cannot be
     * kept until a later migration swaps it out.
     */
    private static boolean dropsColumnAfter(
            RuleContext ctx, QualifiedName table, ParsedStatement from, ParsedStatement to) {
        // also within the statements themselves: lakekeeper's one ALTER drops task_config_pkey, then DROP NOT NULL on
        // warehouse_id, a column of that key, which PostgreSQL refuses while the key stands
        return ctx.script().statements().stream()
                .filter(p -> p.index() >= from.index() && p.index() <= to.index())
                .anyMatch(p -> p.node() instanceof Statement.AlterTable at
                        && at.table().sameAs(table)
                        && at.actions().stream()
                                .anyMatch(a ->
                                        a instanceof AlterAction.DropColumn || a instanceof AlterAction.DropNotNull));
    }

    /**
     * What a message adds when the transaction already holds the table's ACCESS EXCLUSIVE lock: since when, that
     * readers wait too (for work that would otherwise block only writes), and how many more of the same work follow
     * (they are not reported); for the statement that takes the lock, only the latter.
     */
    static String heldSince(RuleContext ctx, QualifiedName table, ParsedStatement s, Work work, boolean readsSaid) {
        Optional<ParsedStatement> holder = TableLock.heldAt(ctx, table, s);
        if (holder.isPresent()) {
            return "; this transaction has held ACCESS EXCLUSIVE on " + table + " since line "
                    + holder.get().span().line() + (readsSaid ? "" : ", so reads of " + table + " wait for it as well")
                    + andMore(ctx, table, s, work);
        }
        return TableLock.takesAccessExclusive(ctx, table, s) ? andMore(ctx, table, s, work) : "";
    }
}
