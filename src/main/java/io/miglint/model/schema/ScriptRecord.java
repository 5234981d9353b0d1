package io.miglint.model.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.DataFlow;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the current script of a {@link SchemaModel} has done so far, as its statements say it, in order: the objects
 * it leaves created (and whether with IF NOT EXISTS or OR REPLACE), the existing ones it drops, the renames it makes,
 * the tables it writes rows into, and which statement made a table new. The model keeps one for the script it is
 * applying ({@link SchemaModel#currentScript}), so each snapshot carries the record of its script: the schema at a
 * statement knows what the script did before it, the schema after a down's up what that up did. Unlike the schema
 * state, it also names objects the model never saw (on tables made before the migrations, or by a DO block), which
 * is what rules comparing an up with its down need. The text of DO blocks and unreadable statements is kept
 * ({@link #opaqueText()}) so that callers can stay silent about what such a statement may do.
 */
public final class ScriptRecord {

    /** A rename made by the script; {@code table} is set for column renames. */
    /** @param ifExists written {@code IF EXISTS}: the author did not count on the object being there */
    public record Renaming(ObjectKind kind, String table, String from, String to, boolean ifExists) {
        public Renaming(ObjectKind kind, String table, String from, String to) {
            this(kind, table, from, to, false);
        }
    }

    /** An enum value added by {@code ALTER TYPE … ADD VALUE}; {@code type} is the type's key. */
    public record EnumValue(String type, String value) {}

    /** How many statements of the script have been recorded. */
    private int applied;
    /**
     * Per table key: at which statement it became new to the script (true: created, or renamed from a table the
     * script created) or stopped being so (false: dropped, or renamed away).
     */
    private final Map<String, TreeMap<Integer, Boolean>> tableHistory;
    /** Per table key, whether it is new to the script after the last recorded statement. */
    private final Map<String, Boolean> tablesNew;
    /** Per index name as written, the first {@code CREATE INDEX} of the script that names it. */
    private final Map<String, IndexCreated> firstIndexes;

    private final Map<ObjectRef, List<String>> created;
    private final Set<ObjectRef> dropped;
    private final Set<ObjectRef> notNullSet;
    private final List<Renaming> renames;
    private final Set<String> cascadedFunctions;
    private final StringBuilder opaque;
    private final Set<String> filledTables;
    private final Set<String> temporaryTables;
    private final Set<ObjectRef> guarded;
    private final Set<ObjectRef> guardedDrops;
    private final List<EnumValue> enumValues;
    private final Set<String> extendedEnums;
    /**
     * The statements that replace a view the schema already had when they ran ({@code CREATE OR REPLACE VIEW}), as
     * the model tells them ({@link #apply(ParsedStatement, Boolean)}): only a model knows what existed, so a record
     * read from statements alone has none.
     */
    private final Set<Integer> replacedViews;
    /** Statements that dropped a view or materialized view the schema had (DROP VIEW takes ACCESS EXCLUSIVE on it). */
    private final Set<Integer> droppedViews;
    /** DROP INDEX IF EXISTS statements whose every index the folder had already dropped or renamed: no-ops. */
    private final Set<Integer> noOpDrops;
    /** Statement index → the key of the table its ALTER COLUMN … TYPE rewrote. */
    private final Map<Integer, String> rewrites;
    /** Per table key, the primary keys and unique constraints the script dropped, in order. */
    private final Map<String, List<DroppedKey>> keysDropped;

    ScriptRecord() {
        tableHistory = new HashMap<>();
        tablesNew = new HashMap<>();
        firstIndexes = new HashMap<>();
        created = new LinkedHashMap<>();
        dropped = new LinkedHashSet<>();
        notNullSet = new LinkedHashSet<>();
        renames = new ArrayList<>();
        cascadedFunctions = new LinkedHashSet<>();
        opaque = new StringBuilder();
        filledTables = new LinkedHashSet<>();
        temporaryTables = new LinkedHashSet<>();
        guarded = new LinkedHashSet<>();
        guardedDrops = new LinkedHashSet<>();
        enumValues = new ArrayList<>();
        extendedEnums = new LinkedHashSet<>();
        replacedViews = new HashSet<>();
        droppedViews = new HashSet<>();
        noOpDrops = new HashSet<>();
        rewrites = new HashMap<>();
        keysDropped = new HashMap<>();
    }

    private ScriptRecord(ScriptRecord o) {
        applied = o.applied;
        tableHistory = new HashMap<>();
        o.tableHistory.forEach((k, v) -> tableHistory.put(k, new TreeMap<>(v)));
        tablesNew = new HashMap<>(o.tablesNew);
        firstIndexes = new HashMap<>(o.firstIndexes);
        created = new LinkedHashMap<>(o.created);
        dropped = new LinkedHashSet<>(o.dropped);
        notNullSet = new LinkedHashSet<>(o.notNullSet);
        renames = new ArrayList<>(o.renames);
        cascadedFunctions = new LinkedHashSet<>(o.cascadedFunctions);
        opaque = new StringBuilder(o.opaque);
        filledTables = new LinkedHashSet<>(o.filledTables);
        temporaryTables = new LinkedHashSet<>(o.temporaryTables);
        guarded = new LinkedHashSet<>(o.guarded);
        guardedDrops = new LinkedHashSet<>(o.guardedDrops);
        enumValues = new ArrayList<>(o.enumValues);
        extendedEnums = new LinkedHashSet<>(o.extendedEnums);
        replacedViews = new HashSet<>(o.replacedViews);
        droppedViews = new HashSet<>(o.droppedViews);
        noOpDrops = new HashSet<>(o.noOpDrops);
        rewrites = new HashMap<>(o.rewrites);
        keysDropped = new HashMap<>();
        o.keysDropped.forEach((k, v) -> keysDropped.put(k, new ArrayList<>(v)));
    }

    /**
     * The record of a script that no model has applied: what an up's down does, asked while the up is linted (the
     * down runs on the schema only after it).
     */
    public static ScriptRecord of(List<ParsedStatement> script) {
        return new ScriptRecord().completedWith(script);
    }

    /** An independent copy. */
    ScriptRecord copy() {
        return new ScriptRecord(this);
    }

    /**
     * This record carried on through the statements of {@code script} it has not seen yet (those past the first
     * {@link #statements()}): what the whole script does, asked before the model's pass reaches its end. This record
     * is left as it is.
     */
    public ScriptRecord completedWith(List<ParsedStatement> script) {
        ScriptRecord whole = copy();
        for (ParsedStatement s : script.subList(Math.min(applied, script.size()), script.size())) {
            whole.apply(s);
        }
        return whole;
    }

    /**
     * Whether statement {@code index} replaced a view the schema already had ({@code CREATE OR REPLACE VIEW}), which
     * takes ACCESS EXCLUSIVE on the view (pg_locks on PostgreSQL 15). Known only for statements the model applied.
     */
    public boolean replacesExistingView(int index) {
        return replacedViews.contains(index);
    }

    /**
     * Whether statement {@code index} is a {@code DROP INDEX IF EXISTS} of indexes the folder had already dropped or
     * renamed: PostgreSQL prints a notice and locks nothing. Known only for statements the model applied.
     */
    public boolean dropsNothing(int index) {
        return noOpDrops.contains(index);
    }

    /**
     * Whether statement {@code index} rewrote {@code table} (an ALTER COLUMN … TYPE that is no binary-compatible
     * widening, or has a USING expression): every row read and written again, every index rebuilt. Known only for
     * statements the model applied.
     */
    public boolean rewrites(int index, QualifiedName table) {
        return table != null && table.key().equals(rewrites.get(index));
    }

    /** Notes that the statement about to be recorded rewrites {@code table} ({@link #rewrites}). */
    void noteRewrite(QualifiedName table) {
        rewrites.put(applied, table.key());
    }

    /** Notes that the statement about to be recorded drops nothing ({@link #dropsNothing}). */
    void noteNoOpDrop() {
        noOpDrops.add(applied);
    }

    /**
     * Whether statement {@code index} dropped a view or materialized view the schema had, which takes ACCESS
     * EXCLUSIVE on it (pg_locks on PostgreSQL 15). Known only for statements the model applied.
     */
    public boolean dropsExistingView(int index) {
        return droppedViews.contains(index);
    }

    /** How many statements of the script the record holds. */
    public int statements() {
        return applied;
    }

    /**
     * Whether {@code table} was created by a statement of this script before statement {@code beforeIndex} (and not
     * dropped or renamed away since): nobody else can be using it yet. A temporary table and a materialized view
     * count, and a table renamed from a new one is new. The record must hold the statements before
     * {@code beforeIndex}: a statement rule asks the schema at its statement about earlier ones only, or the record of
     * the whole script ({@code RuleContext.wholeScript()}).
     *
     * @throws IllegalStateException when the record does not reach {@code beforeIndex}
     */
    public boolean tableCreatedBefore(QualifiedName table, int beforeIndex) {
        if (beforeIndex > applied) {
            throw new IllegalStateException(
                    "asked about statement " + beforeIndex + " of a script recorded up to " + applied + " statements");
        }
        if (table == null) {
            return false;
        }
        TreeMap<Integer, Boolean> changes = tableHistory.get(table.key());
        if (changes == null) {
            return false;
        }
        Map.Entry<Integer, Boolean> e = changes.floorEntry(beforeIndex - 1);
        return e != null && e.getValue();
    }

    /**
     * The table of the index {@code indexName} when a statement of this script before statement {@code beforeIndex}
     * created an index under that name (the first such statement's table); empty otherwise. The record must hold the
     * statements before {@code beforeIndex}, as for {@link #tableCreatedBefore}.
     *
     * @throws IllegalStateException when the record does not reach {@code beforeIndex}
     */
    public Optional<QualifiedName> indexCreatedBefore(String indexName, int beforeIndex) {
        if (beforeIndex > applied) {
            throw new IllegalStateException(
                    "asked about statement " + beforeIndex + " of a script recorded up to " + applied + " statements");
        }
        IndexCreated first = firstIndexes.get(indexName);
        return first != null && first.at() < beforeIndex ? Optional.of(first.table()) : Optional.empty();
    }

    private record IndexCreated(int at, QualifiedName table) {}

    /** Follows which tables and indexes are new to the script through statement {@code at}. */
    private void followTables(Statement n, int at, Boolean viewExisted) {
        if (n instanceof Statement.CreateIndex ci && ci.name() != null) {
            firstIndexes.putIfAbsent(ci.name(), new IndexCreated(at, ci.table()));
        }
        if (n instanceof Statement.CreateTable ct) {
            markNew(ct.table().key(), at, true);
        } else if (n instanceof Statement.CreateView cv
                && (cv.materialized() || !cv.orReplace() || Boolean.FALSE.equals(viewExisted))) {
            // A view made here is new (its triggers and replacements wait for no one); a replaced one is not.
            markNew(cv.name().key(), at, true);
        } else if (n instanceof Statement.Drop d
                && (d.kind() == ObjectKind.TABLE
                        || d.kind() == ObjectKind.VIEW
                        || d.kind() == ObjectKind.MATERIALIZED_VIEW)) {
            for (QualifiedName name : d.names()) {
                markNew(name.key(), at, false);
            }
        } else if (n instanceof Statement.AlterTable alter) {
            for (AlterAction a : alter.actions()) {
                if (a instanceof AlterAction.RenameTable r) {
                    boolean wasNew = tablesNew.getOrDefault(alter.table().key(), false);
                    markNew(alter.table().key(), at, false);
                    // A table renamed into this name is as new as the table it was.
                    markNew(new QualifiedName(alter.table().schema(), r.to()).key(), at, wasNew);
                }
            }
        }
    }

    private void markNew(String key, int at, boolean isNew) {
        tablesNew.put(key, isNew);
        tableHistory.computeIfAbsent(key, k -> new TreeMap<>()).put(at, isNew);
    }

    /** Objects the script creates and still has at its end, in creation order (columns of new tables excluded). */
    public Set<ObjectRef> created() {
        return java.util.Collections.unmodifiableSet(created.keySet());
    }

    /** Existing objects the script drops explicitly (tables, columns, and every other kind). */
    public Set<ObjectRef> dropped() {
        return java.util.Collections.unmodifiableSet(dropped);
    }

    /**
     * The renames the script makes, in order: each {@code ALTER … RENAME} of an index, view, sequence, type or
     * function, and each rename of a table or column it did not create (one it created is only recorded under its new
     * name).
     */
    public List<Renaming> renames() {
        return java.util.Collections.unmodifiableList(renames);
    }

    /** Text of DO blocks, unparsed and only-partly understood statements: what they do is unknown. */
    public String opaqueText() {
        return opaque.toString();
    }

    /** Whether the script writes rows into the table (INSERT, UPDATE, COPY FROM, SELECT … INTO, also in WITH). */
    public boolean fills(QualifiedName table) {
        return filledTables.contains(table.key());
    }

    /** Whether the object is one the script creates and still has (see {@link #created}). */
    public boolean creates(ObjectRef o) {
        return created.containsKey(o);
    }

    /**
     * Whether the script leaves the table created: a permanent table it creates and does not drop, the schema object
     * rules compare an up with its down by. Whether a table is new at a given statement, temporary tables and
     * materialized views included, is {@link #tableCreatedBefore}.
     */
    public boolean createsTable(QualifiedName table) {
        return creates(new ObjectRef(ObjectKind.TABLE, table.key(), null));
    }

    /** The column exists because of this script: its table was created here or the column was added here. */
    public boolean createsColumn(QualifiedName table, String column) {
        return createsTable(table) || creates(new ObjectRef(ObjectKind.COLUMN, column, table.key()));
    }

    /**
     * Whether the script's statement that created the object runs again without failing when the object is already
     * there: IF NOT EXISTS (which then keeps the old object as it is) or OR REPLACE.
     */
    public boolean createdRerunnable(ObjectRef o) {
        return guarded.contains(o);
    }

    /** Whether the script dropped the object with IF EXISTS, so that running it again does not fail on it. */
    public boolean droppedIfExists(ObjectRef o) {
        return guardedDrops.contains(o);
    }

    /**
     * Enum values the script adds without IF NOT EXISTS: PostgreSQL cannot remove a value
     * (https://www.postgresql.org/docs/current/datatype-enum.html), so such an ADD VALUE fails when the script runs
     * again unless the type was dropped in between.
     */
    public List<EnumValue> enumValuesAddedUnguarded() {
        return java.util.Collections.unmodifiableList(enumValues);
    }

    /** Whether the script adds a value to the enum type ({@code ALTER TYPE … ADD VALUE}), guarded or not. */
    public boolean extendsEnum(String typeKey) {
        return extendedEnums.contains(typeKey);
    }

    /**
     * The columns of the primary key {@code table} had before the script dropped it (Kuma's {@code DROP CONSTRAINT
     * resources_pkey, ADD CONSTRAINT resources_pkey PRIMARY KEY (name, mesh, type)}, which moves the key off a column
     * the script then drops); empty when the script dropped none. Only a model knows which constraint is a key.
     */
    public List<String> primaryKeyDropped(QualifiedName table) {
        return keysDropped.getOrDefault(table.key(), List.of()).stream()
                .filter(DroppedKey::primary)
                .findFirst()
                .map(DroppedKey::columns)
                .orElse(List.of());
    }

    /**
     * The primary keys and unique constraints of {@code table} the script dropped, in order (UAA's V2_5_2 drops
     * groups' unique_uk_2 before it builds the unique index that replaces it).
     */
    public List<DroppedKey> keysDropped(QualifiedName table) {
        return List.copyOf(keysDropped.getOrDefault(table.key(), List.of()));
    }

    /** A primary key or unique constraint the script dropped. */
    public record DroppedKey(String name, boolean primary, List<String> columns) {}

    /** The model saw the script drop a primary key or unique constraint of {@code table}. */
    void droppedKey(QualifiedName table, DroppedKey key) {
        keysDropped.computeIfAbsent(table.key(), k -> new ArrayList<>()).add(key);
    }

    /** Whether the script sets NOT NULL on the column ({@code ALTER COLUMN … SET NOT NULL}). */
    public boolean setsNotNull(QualifiedName table, String column) {
        return notNullSet.contains(new ObjectRef(ObjectKind.COLUMN, column, table.key()));
    }

    /** Whether the script drops the object, explicitly or with its table, column or (CASCADE) function. */
    public boolean drops(ObjectRef o, List<String> columns) {
        ObjectRef n = o;
        if (dropped.contains(n)
                || n.kind() == ObjectKind.INDEX && dropped.contains(new ObjectRef(ObjectKind.INDEX, n.name(), null))) {
            return true;
        }
        if (n.table() != null) {
            if (dropped.contains(new ObjectRef(ObjectKind.TABLE, n.table(), null))) {
                return true;
            }
            for (String col : columns) {
                if (dropped.contains(new ObjectRef(ObjectKind.COLUMN, col, n.table()))) {
                    return true;
                }
            }
        }
        // DROP FUNCTION … CASCADE drops the triggers that call it; which ones is not visible, so any trigger counts.
        return n.kind() == ObjectKind.TRIGGER && !cascadedFunctions.isEmpty();
    }

    /**
     * Whether the script drops a function with CASCADE, which drops the triggers that run it; which ones is not
     * visible here, nor in the schema model.
     */
    public boolean dropsFunctionCascading() {
        return !cascadedFunctions.isEmpty();
    }

    /** The columns an object created by this script depends on (indexes, constraints), for implicit drops. */
    public List<String> columnsOf(ObjectRef o) {
        return created.getOrDefault(o, List.of());
    }

    private void create(ObjectRef o, List<String> columns) {
        create(o, columns, false);
    }

    private void create(ObjectRef o, List<String> columns, boolean rerunnable) {
        ObjectRef n = o;
        dropped.remove(n);
        created.put(n, columns);
        if (rerunnable) {
            guarded.add(n);
        } else {
            guarded.remove(n);
        }
    }

    private void drop(ObjectRef o) {
        ObjectRef n = o;
        if (created.remove(n) == null) {
            dropped.add(n);
        }
        if (n.kind() == ObjectKind.TABLE) {
            created.keySet().removeIf(c -> n.name().equals(c.table()));
        }
    }

    /** Records what statement {@code s}, the next of the script, does. */
    void apply(ParsedStatement s) {
        apply(s, null);
    }

    /**
     * Records {@code s}; {@code viewExisted}, from a model that applies the script, says whether the view a
     * {@code CREATE OR REPLACE VIEW} names (or a {@code DROP VIEW}, one of the views it names) existed when it ran (null when no model tells: such a view is then not
     * taken for new, and its replacement not for a lock).
     */
    void apply(ParsedStatement s, Boolean viewExisted) {
        if (Boolean.TRUE.equals(viewExisted)) {
            (s.node() instanceof Statement.Drop ? droppedViews : replacedViews).add(applied);
        }
        followTables(s.node(), applied++, viewExisted);
        Statement node = s.node();
        if (node instanceof Statement.CreateTable ct) {
            if (ct.temporary()) {
                // a temporary table is the session's scratch space: dropping it later changes no schema
                temporaryTables.add(ct.table().key());
                return;
            }
            create(new ObjectRef(ObjectKind.TABLE, ct.table().key(), null), List.of(), ct.ifNotExists());
            if (ct.asQuery()) {
                filledTables.add(ct.table().key());
            }
        } else if (node instanceof Statement.AlterTable at) {
            alter(at);
        } else if (node instanceof Statement.CreateIndex ci && ci.name() != null) {
            create(new ObjectRef(ObjectKind.INDEX, bare(ci.name()), ci.table().key()), ci.columns(), ci.ifNotExists());
        } else if (node instanceof Statement.Create c) {
            create(new ObjectRef(c.kind(), c.name().key(), null), List.of(), c.ifNotExists() || c.orReplace());
        } else if (node instanceof Statement.CreateType t) {
            create(new ObjectRef(ObjectKind.TYPE, t.name().key(), null), List.of());
        } else if (node instanceof Statement.CreateFunction f) {
            create(new ObjectRef(ObjectKind.FUNCTION, f.name().key(), null), List.of(), f.orReplace());
        } else if (node instanceof Statement.CreateTrigger t) {
            create(new ObjectRef(ObjectKind.TRIGGER, t.name(), t.table().key()), List.of(), t.orReplace());
        } else if (node instanceof Statement.CreateView v) {
            create(
                    new ObjectRef(
                            v.materialized() ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW,
                            v.name().key(),
                            null),
                    List.of(),
                    v.orReplace() || v.ifNotExists());
        } else if (node instanceof Statement.AlterType t
                && t.action() == Statement.AlterType.TypeAction.RENAME
                && t.value() != null) {
            renames.add(new Renaming(
                    ObjectKind.TYPE,
                    null,
                    t.name().key(),
                    new QualifiedName(t.name().schema(), t.value()).key()));
        } else if (node instanceof Statement.AlterType t
                && t.action() == Statement.AlterType.TypeAction.ADD_VALUE
                && t.value() != null) {
            extendedEnums.add(t.name().key());
            if (!t.ifNotExists()) {
                enumValues.add(new EnumValue(t.name().key(), t.value()));
            }
        } else if (node instanceof Statement.CreatePolicy p) {
            create(new ObjectRef(ObjectKind.POLICY, p.name(), p.table().key()), List.of());
        } else if (node instanceof Statement.CreateDatabase d) {
            create(new ObjectRef(ObjectKind.DATABASE, d.name(), null), List.of());
        } else if (node instanceof Statement.Drop d) {
            for (QualifiedName n : d.names()) {
                if (d.kind() == ObjectKind.INDEX || d.kind() == ObjectKind.TABLE && temporaryTables.contains(n.key())) {
                    continue;
                }
                boolean onTable = d.onTable() != null;
                String name = onTable || d.kind() == ObjectKind.INDEX ? n.name() : n.key();
                drop(new ObjectRef(d.kind(), name, onTable ? d.onTable().key() : null));
                if (d.ifExists()) {
                    guardedDrops.add(
                            new ObjectRef(d.kind(), name, onTable ? d.onTable().key() : null));
                }
                if (d.cascade() && (d.kind() == ObjectKind.FUNCTION || d.kind() == ObjectKind.PROCEDURE)) {
                    cascadedFunctions.add(n.key());
                }
            }
            if (d.kind() == ObjectKind.INDEX) {
                // An index is named without its table in DROP INDEX: match the one created under that name.
                for (QualifiedName n : d.names()) {
                    created.keySet()
                            .removeIf(c ->
                                    c.kind() == ObjectKind.INDEX && c.name().equals(n.name()));
                    dropped.add(new ObjectRef(ObjectKind.INDEX, n.name(), null));
                }
            }
        } else if (node instanceof Statement.Rename r) {
            renames.add(new Renaming(r.kind(), null, r.from().key(), r.to().toLowerCase(Locale.ROOT), r.ifExists()));
        } else if (node instanceof Statement.Insert i) {
            filledTables.add(i.table().key());
            filled(i.flow());
        } else if (node instanceof Statement.Update u) {
            filledTables.add(u.table().key());
            filled(u.flow());
        } else if (node instanceof Statement.Delete d) {
            filled(d.flow());
        } else if (node instanceof Statement.Copy c && c.from() && c.table() != null) {
            filledTables.add(c.table().key());
        } else if (node instanceof Statement.DoBlock
                || node instanceof Statement.Unparsed
                || node instanceof Statement.Other
                || node instanceof Statement.Select) {
            if (node instanceof Statement.Select q) {
                filled(q.flow());
            }
            opaque.append(s.raw().text().toLowerCase(Locale.ROOT)).append('\n');
        }
    }

    /** The tables a data statement inserts into or updates, data-modifying WITH queries included. */
    private void filled(DataFlow flow) {
        for (DataFlow.Write w : flow.writes()) {
            if (w.kind() != DataFlow.WriteKind.DELETE) {
                filledTables.add(w.table().key());
            }
        }
    }

    private void alter(Statement.AlterTable at) {
        String table = at.table().key();
        for (AlterAction a : at.actions()) {
            if (a instanceof AlterAction.AddColumn ac) {
                ColumnDef col = ac.column();
                create(new ObjectRef(ObjectKind.COLUMN, col.name(), table), List.of(col.name()), ac.ifNotExists());
            } else if (a instanceof AlterAction.DropColumn dc) {
                drop(new ObjectRef(ObjectKind.COLUMN, dc.column(), table));
                if (dc.ifExists()) {
                    guardedDrops.add(new ObjectRef(ObjectKind.COLUMN, dc.column(), table));
                }
                created.keySet()
                        .removeIf(c -> table.equals(c.table())
                                && created.get(c).contains(dc.column())
                                && c.kind() != ObjectKind.COLUMN);
            } else if (a instanceof AlterAction.AddConstraint ac
                    && ac.constraint().name() != null) {
                TableConstraint tc = ac.constraint();
                create(new ObjectRef(ObjectKind.CONSTRAINT, tc.name(), table), tc.columns());
            } else if (a instanceof AlterAction.DropConstraint dc) {
                drop(new ObjectRef(ObjectKind.CONSTRAINT, dc.name(), table));
            } else if (a instanceof AlterAction.SetNotNull nn) {
                notNullSet.add(new ObjectRef(ObjectKind.COLUMN, nn.column(), table));
            } else if (a instanceof AlterAction.RenameColumn rc) {
                ObjectRef from = new ObjectRef(ObjectKind.COLUMN, rc.from(), table);
                if (created.containsKey(from)) {
                    List<String> cols = created.remove(from);
                    created.put(new ObjectRef(ObjectKind.COLUMN, rc.to(), table), cols);
                } else {
                    renames.add(new Renaming(ObjectKind.COLUMN, table, rc.from(), rc.to()));
                }
            } else if (a instanceof AlterAction.RenameTable rt) {
                ObjectRef from = new ObjectRef(ObjectKind.TABLE, table, null);
                String to = at.table().schema() == null
                        ? rt.to()
                        : new QualifiedName(at.table().schema(), rt.to()).key();
                if (created.containsKey(from)) {
                    created.remove(from);
                    created.put(new ObjectRef(ObjectKind.TABLE, to, null), List.of());
                    Map<ObjectRef, List<String>> moved = new LinkedHashMap<>();
                    created.entrySet().removeIf(e -> {
                        if (table.equals(e.getKey().table())) {
                            moved.put(
                                    new ObjectRef(e.getKey().kind(), e.getKey().name(), to), e.getValue());
                            return true;
                        }
                        return false;
                    });
                    created.putAll(moved);
                } else {
                    renames.add(new Renaming(ObjectKind.TABLE, null, table, to));
                }
            } else if (a instanceof AlterAction.RenameConstraint rc) {
                ObjectRef from = new ObjectRef(ObjectKind.CONSTRAINT, rc.from(), table);
                if (created.containsKey(from)) {
                    created.put(new ObjectRef(ObjectKind.CONSTRAINT, rc.to(), table), created.remove(from));
                }
            }
        }
    }

    private static String bare(String indexName) {
        int dot = indexName.lastIndexOf('.');
        return dot < 0 ? indexName : indexName.substring(dot + 1);
    }
}
