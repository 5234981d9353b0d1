package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.model.schema.SchemaModel;
import io.miglint.rule.RuleContext;
import io.miglint.rule.ScriptView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A lock that blocks writes (SHARE or stronger) which a statement takes on an object that already exists when the
 * script runs. Modes follow https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES and each
 * command's reference page.
 *
 * @param object the table, view or index locked; {@code null} for "every table" (VACUUM FULL / CLUSTER without one)
 * @param mode   ACCESS EXCLUSIVE, EXCLUSIVE, SHARE ROW EXCLUSIVE or SHARE
 * @param label  how a message names what is locked ("orders", "the table of index orders_email_idx")
 * @param because why the statement locks it, where that is not plain ("dropping x drops its foreign key to orders"),
 *                else empty
 */
public record TableLock(QualifiedName object, String mode, String label, String because) {

    TableLock(QualifiedName object, String mode) {
        this(object, mode, object == null ? "every table it processes" : object.toString());
    }

    public TableLock(QualifiedName object, String mode, String label) {
        this(object, mode, label, "");
    }

    public static final String ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE";
    static final String SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE";
    static final String SHARE = "SHARE";
    private static final Set<String> BLOCKING_MODES = Set.of(ACCESS_EXCLUSIVE, "EXCLUSIVE", SHARE_ROW_EXCLUSIVE, SHARE);

    public String describe() {
        return (mode.startsWith("A") || mode.startsWith("E") ? "an " : "a ") + mode + " lock on " + label
                + (because.isEmpty() ? "" : " (" + because + ")");
    }

    public boolean accessExclusive() {
        return mode.equals(ACCESS_EXCLUSIVE);
    }

    /**
     * What a lock of {@code mode} on {@code what} keeps waiting, after the conflict table of
     * https://www.postgresql.org/docs/current/explicit-locking.html#TABLE-LOCK-COMPATIBILITY: ACCESS EXCLUSIVE
     * every query; EXCLUSIVE writes and row-locking reads (SELECT … FOR UPDATE/SHARE); SHARE ROW EXCLUSIVE and
     * SHARE writes only. Plain SELECTs take ACCESS SHARE, which only ACCESS EXCLUSIVE conflicts with.
     */
    static String blocked(String mode, String what) {
        return switch (mode) {
            case ACCESS_EXCLUSIVE -> "every read and write of " + what;
            case "EXCLUSIVE" -> "every write and SELECT … FOR UPDATE/SHARE on " + what;
            default -> "every write to " + what;
        };
    }

    /** What a lock of {@code mode} lets through, to follow {@link #blocked}: "" for ACCESS EXCLUSIVE. */
    static String letThrough(String mode) {
        return switch (mode) {
            case ACCESS_EXCLUSIVE -> "";
            case "EXCLUSIVE" -> " (plain reads go on: they do not conflict with EXCLUSIVE)";
            default -> " (reads go on: they do not conflict with " + mode + ")";
        };
    }

    /**
     * The first earlier statement of the same transaction block that took ACCESS EXCLUSIVE on {@code table}, if any:
     * locks are held to the end of the transaction (https://www.postgresql.org/docs/current/explicit-locking.html),
     * so a later statement on that table cannot wait for its lock, adds no new blocking, and blocks the table's
     * readers too for as long as it runs. Every lock the statement really takes counts, also those no rule reports
     * (a down dropping what its up added, an index the script built); a table renamed under that lock is held under
     * its new name too. Statements in DO blocks are not counted (a handler may have undone them).
     *
     * The rule's schema model (at its statement) finds the table of a dropped index.
     */
    public static Optional<ParsedStatement> accessExclusiveHeld(RuleContext ctx, QualifiedName table, int before) {
        Held held = held(ctx);
        if (held.transaction()[before] < 0 || table == null) {
            return Optional.empty();
        }
        // The takers are in statement order: the first one at or after the start of this transaction block.
        List<ParsedStatement> takers = held.takers().getOrDefault(table.key(), List.of());
        int from = held.start()[before];
        int lo = 0;
        int hi = takers.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (takers.get(mid).index() < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < takers.size() && takers.get(lo).index() < before ? Optional.of(takers.get(lo)) : Optional.empty();
    }

    /**
     * The script's ACCESS EXCLUSIVE takers, worked out once per script with the schema of the rule that asks first.
     */
    private static Held held(RuleContext ctx) {
        return ctx.script().memo("tablelock.access-exclusive-held", () -> Held.of(ctx));
    }

    /** {@link #accessExclusiveHeld} at a statement rule's statement. */
    static Optional<ParsedStatement> heldAt(io.miglint.rule.RuleContext ctx, QualifiedName table, ParsedStatement s) {
        return accessExclusiveHeld(ctx, table, s.index());
    }

    /**
     * True when the transaction already holds ACCESS EXCLUSIVE on the table this lock of statement {@code s} is on
     * (the table itself, or the table of the index a DROP INDEX or REINDEX INDEX names): the request cannot wait.
     */
    static boolean alreadyHeld(RuleContext ctx, TableLock lock, ParsedStatement s) {
        if (lock.object() == null) {
            return false;
        }
        boolean onIndex = s.node() instanceof Statement.Drop d && d.kind() == ObjectKind.INDEX
                || s.node() instanceof Statement.Reindex r && r.kind() == ObjectKind.INDEX;
        if (s.node() instanceof Statement.Reindex r && r.kind() != ObjectKind.INDEX && r.kind() != ObjectKind.TABLE) {
            return false;
        }
        Optional<QualifiedName> table =
                onIndex ? tableOfIndex(ctx, lock.object(), s.index()) : Optional.of(lock.object());
        return table.flatMap(t -> accessExclusiveHeld(ctx, t, s.index())).isPresent();
    }

    /** True when statement {@code s} takes ACCESS EXCLUSIVE on {@code table} inside a transaction block. */
    static boolean takesAccessExclusive(RuleContext ctx, QualifiedName table, ParsedStatement s) {
        Held held = held(ctx);
        return held.takers().getOrDefault(table.key(), List.of()).contains(s);
    }

    /** The statements after {@code from} that run in the same transaction block as it, in order. */
    static List<ParsedStatement> restOfTransaction(RuleContext ctx, int from) {
        Held held = held(ctx);
        int block = held.transaction()[from];
        List<ParsedStatement> all = ctx.script().statements();
        int end = from + 1;
        while (block >= 0 && end < all.size() && held.transaction()[end] == block) {
            end++;
        }
        return all.subList(from + 1, end);
    }

    /**
     * Per statement, the transaction block it runs in ({@link ScriptView#transactionBlock}: -1 for none, or a statement
     * that starts or ends one) and the index of that block's first statement, and per table key the statements that
     * take ACCESS EXCLUSIVE on it, in order.
     */
    private record Held(int[] transaction, int[] start, Map<String, List<ParsedStatement>> takers) {
        static Held of(RuleContext ctx) {
            ScriptView script = ctx.script();
            List<ParsedStatement> all = script.statements();
            int[] transaction = new int[all.size()];
            int[] start = new int[all.size()];
            Map<String, List<ParsedStatement>> takers = new HashMap<>();
            int first = 0;
            for (ParsedStatement s : all) {
                int block = script.transactionBlock(s);
                transaction[s.index()] = block;
                if (block < 0) {
                    first = s.index() + 1;
                    continue;
                }
                start[s.index()] = first;
                if (s.isSql() && !s.isNested()) {
                    for (String key : accessExclusiveOn(s, ctx)) {
                        takers.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
                    }
                }
            }
            return new Held(transaction, start, takers);
        }
    }

    /** Keys of the tables the statement takes ACCESS EXCLUSIVE on (a dropped index's table, a renamed table's new name). */
    private static Set<String> accessExclusiveOn(ParsedStatement s, RuleContext ctx) {
        ScriptView script = ctx.script();
        Set<String> keys = new java.util.LinkedHashSet<>();
        if (s.node() instanceof Statement.Reindex) {
            return keys; // ACCESS EXCLUSIVE on the indexes, SHARE on the table
        }
        if (ctx.wholeScript().dropsNothing(s.index())) {
            return keys; // DROP INDEX IF EXISTS of an index already gone: a notice, no lock
        }
        for (TableLock lock : taken(s, script, null)) {
            if (!lock.accessExclusive() || lock.object() == null) {
                continue;
            }
            if (s.node() instanceof Statement.Drop d && d.kind() == ObjectKind.INDEX) {
                tableOfIndex(ctx, lock.object(), s.index()).ifPresent(t -> keys.add(t.key()));
                continue;
            }
            keys.add(lock.object().key());
            if (s.node() instanceof Statement.AlterTable at && lock.object().sameAs(at.table())) {
                at.actions().stream()
                        .filter(a -> a instanceof AlterAction.RenameTable)
                        .forEach(a -> keys.add(
                                new QualifiedName(at.table().schema(), ((AlterAction.RenameTable) a).to()).key()));
            }
        }
        return keys;
    }

    /**
     * The table of an index named at statement {@code at} (a DROP INDEX, a REINDEX): built earlier in the script,
     * known to the schema model, or else, for an index the migrations never created, the table a statement of the
     * script builds an index of that name on (a drop and rebuild) or drops a constraint of that name from (whose index
     * a defensive DROP INDEX IF EXISTS then looks for).
     */
    static Optional<QualifiedName> tableOfIndex(RuleContext ctx, QualifiedName index, int at) {
        Optional<QualifiedName> built = ctx.wholeScript().indexCreatedBefore(index.name(), at);
        if (built.isPresent()) {
            return built;
        }
        ScriptView script = ctx.script();
        SchemaModel schema = ctx.schema();
        Optional<QualifiedName> known =
                schema.tableOfIndex(index.name()).or(() -> schema.tableOfDroppedIndex(index.name()));
        if (known.isPresent()) {
            return known;
        }
        Map<String, QualifiedName> named = script.memo("tablelock.index-names", () -> {
            Map<String, QualifiedName> byName = new HashMap<>();
            for (ParsedStatement p : script.statements()) {
                if (p.node() instanceof Statement.CreateIndex ci && ci.name() != null) {
                    byName.putIfAbsent(ci.name(), ci.table());
                } else if (p.node() instanceof Statement.AlterTable alter) {
                    alter.actions().stream()
                            .filter(a -> a instanceof AlterAction.DropConstraint)
                            .forEach(a -> byName.putIfAbsent(((AlterAction.DropConstraint) a).name(), alter.table()));
                }
            }
            return byName;
        });
        return Optional.ofNullable(named.get(index.name()));
    }

    /** Write-blocking locks the statement takes on objects not created earlier in the same script. */
    public static List<TableLock> takenBy(ParsedStatement s, RuleContext ctx) {
        return taken(s, ctx.script(), ctx);
    }

    /**
     * {@link #takenBy}, and, where {@code schema} knows them, the ACCESS EXCLUSIVE locks a DROP TABLE takes on the
     * tables the dropped table's foreign keys reference: dropping the keys removes their triggers from those tables
     * (pg_locks on PostgreSQL 15), so dropping a retired table that references {@code users} waits for, and then
     * blocks, every query on {@code users}.
     *
     * @param schema the schema model after the statement (a script rule's), or null
     */
    static List<TableLock> takenBy(ParsedStatement s, RuleContext ctx, SchemaModel schema) {
        ScriptView script = ctx.script();
        List<TableLock> all = taken(s, script, ctx);
        if (schema != null && s.node() instanceof Statement.AlterTable at) {
            return withDroppedKeyParents(s, at, ctx, schema, all);
        }
        if (schema == null
                || !(s.node() instanceof Statement.Drop d)
                || d.kind() != ObjectKind.TABLE
                || script.isDown()) {
            return all;
        }
        List<TableLock> out = new ArrayList<>(all);
        for (QualifiedName dropped : d.names()) {
            for (QualifiedName parent : schema.parentsOfDroppedTable(dropped)) {
                if (d.names().stream().noneMatch(parent::sameAs)
                        && !ctx.wholeScript().tableCreatedBefore(parent, s.index())
                        && out.stream()
                                .noneMatch(l -> l.object() != null && l.object().sameAs(parent))) {
                    out.add(new TableLock(
                            parent,
                            ACCESS_EXCLUSIVE,
                            parent.toString(),
                            "dropping " + dropped + " drops its foreign key to " + parent));
                }
            }
        }
        return out;
    }

    /**
     * An ALTER TABLE that drops foreign keys (DROP CONSTRAINT of one, DROP COLUMN of a column one uses) takes ACCESS
     * EXCLUSIVE on each table they reference as well, as a DROP TABLE does: the keys' triggers are removed from it.
     * Only where the statement's own lock is reportable (not a down undoing its up, not a table made earlier in the
     * script).
     */
    private static List<TableLock> withDroppedKeyParents(
            ParsedStatement s, Statement.AlterTable at, RuleContext ctx, SchemaModel schema, List<TableLock> all) {
        if (all.stream().noneMatch(l -> l.object() != null && l.object().sameAs(at.table()))) {
            return all;
        }
        List<TableLock> out = null;
        for (AlterAction a : at.actions()) {
            for (QualifiedName parent : schema.parentsOfDroppedKeys(at.table(), a)) {
                List<TableLock> sofar = out == null ? all : out;
                if (!parent.sameAs(at.table())
                        && !ctx.wholeScript().tableCreatedBefore(parent, s.index())
                        && sofar.stream()
                                .noneMatch(l -> l.object() != null && l.object().sameAs(parent))) {
                    if (out == null) {
                        out = new ArrayList<>(all);
                    }
                    out.add(new TableLock(
                            parent,
                            ACCESS_EXCLUSIVE,
                            parent.toString(),
                            a instanceof AlterAction.DropColumn dc
                                    ? "dropping " + at.table() + "." + dc.column()
                                            + " drops its foreign key, whose triggers are on " + parent
                                    : "dropping the foreign key " + ((AlterAction.DropConstraint) a).name() + " of "
                                            + at.table() + " removes its triggers from " + parent));
                }
            }
        }
        return out == null ? all : out;
    }

    /**
     * {@code lock} is on a table that {@code s} or a later statement of the script drops (DROP TABLE; not the tables
     * the dropped foreign keys reference): the trigger or constraint dropped before the table, and the drop itself.
     */
    static boolean onTableTheScriptDrops(ScriptView script, ParsedStatement s, TableLock lock) {
        if (lock.object() == null) {
            return false;
        }
        boolean dropped = false;
        for (ParsedStatement p : script.statements()) {
            if (p.index() < s.index()) {
                continue;
            }
            if (p.node() instanceof Statement.Drop d
                    && (d.kind() == ObjectKind.TABLE
                            || d.kind() == ObjectKind.VIEW
                            || d.kind() == ObjectKind.MATERIALIZED_VIEW)
                    && d.names().stream().anyMatch(lock.object()::sameAs)) {
                dropped = true;
            } else if (dropped && takesName(p.node(), lock.object())) {
                // A swap (copy into a new table, drop the old, rename the new one): the application keeps using the
                // name, and every wait on it queues its queries.
                return false;
            }
        }
        return dropped;
    }

    /** {@code n} makes a table or view under {@code name}: CREATE TABLE or VIEW, or a rename to it. */
    private static boolean takesName(Statement n, QualifiedName name) {
        if (n instanceof Statement.CreateTable ct) {
            return ct.table().sameAs(name);
        }
        if (n instanceof Statement.CreateView cv) {
            return cv.name().sameAs(name);
        }
        if (n instanceof Statement.AlterTable at) {
            return at.actions().stream()
                    .anyMatch(a -> a instanceof AlterAction.RenameTable r && r.to().equals(name.name()));
        }
        return n instanceof Statement.Rename r && r.kind() == ObjectKind.TABLE && r.to().equals(name.name());
    }

    /**
     * The locks the statement takes; for a rule ({@code ctx} given), only those worth a finding: not on objects created
     * earlier in the script, not those of a down undoing its own up.
     */
    private static List<TableLock> taken(ParsedStatement s, ScriptView script, RuleContext ctx) {
        boolean reportable = ctx != null;
        List<TableLock> all = new ArrayList<>();
        Statement n = s.node();
        if (n instanceof Statement.AlterTable at) {
            if (!reportable || !undoesUp(ctx, at)) {
                alterTable(at, all);
            }
        } else if (n instanceof Statement.CreateIndex ci && !ci.concurrently()) {
            all.add(new TableLock(ci.table(), SHARE));
        } else if (n instanceof Statement.CreateTrigger ct) {
            all.add(new TableLock(ct.table(), SHARE_ROW_EXCLUSIVE));
        } else if (n instanceof Statement.Drop d
                && d.kind() == ObjectKind.TRIGGER
                && d.onTable() != null
                && !(reportable && reversesCreate(script, d.onTable()))) {
            // DROP TRIGGER takes ACCESS EXCLUSIVE on its table (pg_locks on PostgreSQL 15), not SHARE ROW EXCLUSIVE.
            all.add(new TableLock(d.onTable(), ACCESS_EXCLUSIVE));
        } else if (n instanceof Statement.CreateTable ct && !ct.temporary()) {
            // A foreign key of a new table locks the referenced table against writes while it is created.
            referencedBy(ct)
                    .filter(r -> !r.sameAs(ct.table()))
                    .forEach(r -> all.add(new TableLock(r, SHARE_ROW_EXCLUSIVE)));
        } else if (n instanceof Statement.Drop d && d.kind() == ObjectKind.TABLE) {
            d.names().stream()
                    .filter(t -> !(reportable && reversesCreate(script, t)))
                    .forEach(t -> all.add(new TableLock(t, ACCESS_EXCLUSIVE)));
        } else if (n instanceof Statement.Drop d
                && d.kind() == ObjectKind.INDEX
                && !d.concurrently()
                && !(reportable && ctx.wholeScript().dropsNothing(s.index()))) {
            d.names().stream()
                    .filter(i -> !(reportable && isNewIndex(ctx, i, s.index())))
                    .forEach(i -> all.add(new TableLock(i, ACCESS_EXCLUSIVE, "the table of index " + i)));
        } else if (n instanceof Statement.Drop d
                && (d.kind() == ObjectKind.VIEW || d.kind() == ObjectKind.MATERIALIZED_VIEW)
                && reportable) {
            // DROP VIEW takes ACCESS EXCLUSIVE on the view (pg_locks on PostgreSQL 15): it waits for every query of
            // it, and they for it. Only a view that exists here, which the up of this down did not create.
            d.names().stream()
                    .filter(v -> ctx.wholeScript().dropsExistingView(s.index()))
                    .filter(v -> !reversesView(script, v))
                    .forEach(v -> all.add(new TableLock(
                            v, ACCESS_EXCLUSIVE, (d.kind() == ObjectKind.VIEW ? "view " : "materialized view ") + v)));
        } else if (n instanceof Statement.CreateView cv
                && cv.orReplace()
                && !cv.materialized()
                && reportable
                && ctx.wholeScript().replacesExistingView(s.index())) {
            // Replacing an existing view's definition takes ACCESS EXCLUSIVE on it (pg_locks on PostgreSQL 15).
            all.add(new TableLock(cv.name(), ACCESS_EXCLUSIVE, "view " + cv.name()));
        } else if (n instanceof Statement.Truncate t) {
            t.tables().forEach(x -> all.add(new TableLock(x, ACCESS_EXCLUSIVE)));
        } else if (n instanceof Statement.LockTable l && BLOCKING_MODES.contains(l.mode())) {
            l.tables().forEach(x -> all.add(new TableLock(x, l.mode())));
        } else if (n instanceof Statement.RefreshMaterializedView r && !r.concurrently()) {
            all.add(new TableLock(r.name(), ACCESS_EXCLUSIVE));
        } else if (n instanceof Statement.Vacuum v && v.full()) {
            if (v.tables().isEmpty()) {
                all.add(new TableLock(null, ACCESS_EXCLUSIVE));
            }
            v.tables().forEach(x -> all.add(new TableLock(x, ACCESS_EXCLUSIVE)));
        } else if (n instanceof Statement.Cluster c) {
            all.add(
                    c.table() == null
                            ? new TableLock(null, ACCESS_EXCLUSIVE, "every previously clustered table")
                            : new TableLock(c.table(), ACCESS_EXCLUSIVE));
        } else if (n instanceof Statement.Reindex r && !r.concurrently()) {
            // REINDEX blocks writes to the table (SHARE) and takes ACCESS EXCLUSIVE on each index it rebuilds.
            if (r.kind() == ObjectKind.INDEX) {
                all.add(new TableLock(r.name(), ACCESS_EXCLUSIVE, "index " + r.name() + " (SHARE on its table)"));
            } else if (r.kind() == ObjectKind.TABLE) {
                all.add(new TableLock(r.name(), SHARE));
            } else {
                all.add(new TableLock(
                        r.name(),
                        SHARE,
                        "every table in "
                                + (r.name() == null ? "the database" : r.kind().sql() + " " + r.name())));
            }
        }
        return !reportable
                ? all
                : all.stream()
                        .filter(l -> l.object() == null || !ctx.wholeScript().tableCreatedBefore(l.object(), s.index()))
                        .toList();
    }

    /**
     * A down that drops a table its own up created undoes a table only the rolled-back release knew; the expected
     * reversal is not worth a lock finding.
     */
    /** A down dropping a view its up created. */
    private static boolean reversesView(ScriptView script, QualifiedName view) {
        return script.isDown()
                && script.counterpart().orElse(List.of()).stream()
                        .anyMatch(p -> p.node() instanceof Statement.CreateView cv
                                && cv.name().sameAs(view));
    }

    private static boolean reversesCreate(ScriptView script, QualifiedName table) {
        return script.isDown()
                && script.counterpart().orElse(List.of()).stream()
                        .anyMatch(p -> p.node() instanceof Statement.CreateTable ct
                                && ct.table().sameAs(table));
    }

    /**
     * True when the index cannot be in use yet: it was created earlier in the script, it belongs to a table the up of
     * this down created (the down undoes the whole table), or its name is that of a table created earlier in the
     * script followed by {@code _} (the usual {@code table_idx_…} naming; a defensive {@code DROP INDEX IF EXISTS}
     * before recreating the table's indexes).
     */
    public static boolean isNewIndex(RuleContext ctx, QualifiedName index, int before) {
        ScriptView script = ctx.script();
        if (ctx.wholeScript().indexCreatedBefore(index.name(), before).isPresent()) {
            return true;
        }
        // The down drops the index its own up built: the rollback removes what only the rolled-back release used,
        // the expected reversal rather than a lock risk to review. The up's names are collected once per script.
        if (script.isDown()
                && script.memo("tablelock.up-index-names", () -> {
                            java.util.Set<String> names = new java.util.HashSet<>();
                            for (ParsedStatement p : script.counterpart().orElse(List.of())) {
                                if (p.node() instanceof Statement.CreateIndex ci && ci.name() != null) {
                                    names.add(bare(ci.name()));
                                }
                            }
                            return names;
                        })
                        .contains(index.name())) {
            return true;
        }
        for (int i = 0; i < before && i < script.statements().size(); i++) {
            if (script.statements().get(i).node() instanceof Statement.CreateTable ct
                    && index.name().startsWith(ct.table().name() + "_")
                    && ctx.wholeScript().tableCreatedBefore(ct.table(), before)) {
                return true;
            }
        }
        return false;
    }

    private static java.util.stream.Stream<QualifiedName> referencedBy(Statement.CreateTable ct) {
        return java.util.stream.Stream.concat(
                        ct.columns().stream()
                                .filter(c -> c.references() != null)
                                .map(c -> c.references().table()),
                        ct.constraints().stream()
                                .filter(c -> c.references() != null)
                                .map(c -> c.references().table()))
                .distinct();
    }

    private static String bare(String indexName) {
        int dot = indexName.lastIndexOf('.');
        return dot < 0 ? indexName : indexName.substring(dot + 1);
    }

    /**
     * A down's ALTER TABLE that only drops columns and constraints its own up added: the reversal of the up, not a
     * lock to review (the up's own finding was the place for that).
     */
    static boolean undoesUp(RuleContext ctx, Statement.AlterTable at) {
        java.util.Optional<io.miglint.model.schema.ScriptRecord> up =
                ctx.schemaAfterUp().map(SchemaModel::currentScript);
        if (up.isEmpty() || at.actions().isEmpty()) {
            return false;
        }
        for (AlterAction a : at.actions()) {
            boolean undone = a instanceof AlterAction.DropColumn dc && up.get().createsColumn(at.table(), dc.column())
                    || a instanceof AlterAction.DropConstraint dk
                            && up.get()
                                    .creates(new io.miglint.model.schema.ObjectRef(
                                            ObjectKind.CONSTRAINT,
                                            dk.name(),
                                            at.table().key()));
            if (!undone) {
                return false;
            }
        }
        return true;
    }

    private static void alterTable(Statement.AlterTable at, List<TableLock> out) {
        String strongest = null;
        for (AlterAction a : at.actions()) {
            String mode = modeOf(a);
            if (a instanceof AlterAction.AddConstraint ac
                    && ac.constraint().kind() == TableConstraint.Kind.FOREIGN_KEY
                    && ac.constraint().references() != null) {
                // A new foreign key also locks the referenced table against writes while it is added.
                out.add(new TableLock(ac.constraint().references().table(), SHARE_ROW_EXCLUSIVE));
            } else if (a instanceof AlterAction.AddColumn col && col.column().references() != null) {
                out.add(new TableLock(col.column().references().table(), SHARE_ROW_EXCLUSIVE));
            }
            if (mode != null && (strongest == null || rank(mode) > rank(strongest))) {
                strongest = mode;
            }
        }
        if (strongest != null) {
            out.add(0, new TableLock(at.table(), strongest));
        }
    }

    /** The lock one ALTER TABLE action takes on its table, or null when it does not block writes. */
    private static String modeOf(AlterAction a) {
        if (a instanceof AlterAction.ValidateConstraint || a instanceof AlterAction.AttachPartition) {
            // VALIDATE and (since PostgreSQL 12) ATTACH PARTITION take SHARE UPDATE EXCLUSIVE on the table.
            return null;
        }
        if (a instanceof AlterAction.DetachPartition dp && dp.concurrently()) {
            return null;
        }
        if (a instanceof AlterAction.AddConstraint ac && ac.constraint().kind() == TableConstraint.Kind.FOREIGN_KEY) {
            return SHARE_ROW_EXCLUSIVE;
        }
        if (a instanceof AlterAction.Other o) {
            String t = o.text().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            if (t.matches("(alter (column )?\\S+ )?(set statistics|set \\(|reset \\().*")
                    || t.startsWith("cluster on")
                    || t.startsWith("set without cluster")) {
                return null;
            }
            if (t.matches("(enable|disable) (always |replica )?trigger.*")) {
                return SHARE_ROW_EXCLUSIVE;
            }
        }
        return ACCESS_EXCLUSIVE;
    }

    private static int rank(String mode) {
        return switch (mode) {
            case ACCESS_EXCLUSIVE -> 4;
            case "EXCLUSIVE" -> 3;
            case SHARE_ROW_EXCLUSIVE -> 2;
            default -> 1;
        };
    }
}
