package io.miglint.rules;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.DataFlow;
import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.model.schema.ObjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one script does to the schema, read from its top-level statements in order: the objects it leaves created,
 * the existing ones it drops, the renames it makes. Rules compare an up with its down through it (is this drop in a
 * down the reversal of the up's create? does the down undo everything the up did?). Statements inside DO blocks and
 * function bodies are invisible here; {@link #opaqueText()} keeps their text so callers can stay silent about what
 * such a block may do.
 */
public final class SchemaChanges {

    /** A rename made by the script; {@code table} is set for column renames. */
    public record Renaming(ObjectKind kind, String table, String from, String to) {}

    private final Map<ObjectRef, List<String>> created = new LinkedHashMap<>();
    private final Set<ObjectRef> dropped = new LinkedHashSet<>();
    private final Set<ObjectRef> notNullSet = new LinkedHashSet<>();
    private final List<Renaming> renames = new ArrayList<>();
    private final Set<String> cascadedFunctions = new LinkedHashSet<>();
    private final StringBuilder opaque = new StringBuilder();
    private final Set<String> filledTables = new LinkedHashSet<>();
    private final Set<String> temporaryTables = new LinkedHashSet<>();
    private final Set<ObjectRef> guarded = new LinkedHashSet<>();
    private final Set<ObjectRef> guardedDrops = new LinkedHashSet<>();
    private final List<EnumValue> enumValues = new ArrayList<>();
    private final Set<String> extendedEnums = new LinkedHashSet<>();

    private SchemaChanges() {}

    /** For a down: what its up does; empty for an up or a down without one. */
    public static java.util.Optional<SchemaChanges> upOf(io.miglint.rule.ScriptView script) {
        return script.isDown()
                ? script.memo("schema-changes.up", () -> script.counterpart().map(SchemaChanges::of))
                : java.util.Optional.empty();
    }

    /** A prefix of a script applied so far; advanced as statement rules move forward through the script. */
    private static final class Prefix {
        int applied;
        SchemaChanges changes = new SchemaChanges();
    }

    /**
     * What the statements of the script before {@code index} do. Statement rules ask in script order, so one prefix
     * per script is advanced instead of recomputed; the result is valid until the next call for a later index.
     */
    public static SchemaChanges before(io.miglint.rule.ScriptView script, int index) {
        Prefix p = script.memo("schema-changes.prefix", Prefix::new);
        int target = Math.min(index, script.statements().size());
        if (target < p.applied) {
            p.applied = 0;
            p.changes = new SchemaChanges();
        }
        while (p.applied < target) {
            p.changes.apply(script.statements().get(p.applied++));
        }
        return p.changes;
    }

    /**
     * What the statements do. Rules ask for the same counterpart script once per statement of theirs, so the answer for
     * the last list asked about is kept (a 50,000-statement up with a 50,000-statement down took minutes).
     */
    public static SchemaChanges of(List<ParsedStatement> statements) {
        Whole last = LAST_WHOLE.get();
        if (last != null && last.statements() == statements && last.size() == statements.size()) {
            return last.changes();
        }
        SchemaChanges c = new SchemaChanges();
        for (ParsedStatement s : statements) {
            c.apply(s);
        }
        LAST_WHOLE.set(new Whole(statements, statements.size(), c));
        return c;
    }

    private record Whole(List<ParsedStatement> statements, int size, SchemaChanges changes) {}

    private static final ThreadLocal<Whole> LAST_WHOLE = new ThreadLocal<>();

    /** Objects the script creates and still has at its end, in creation order (columns of new tables excluded). */
    public Set<ObjectRef> created() {
        return created.keySet();
    }

    /** Existing objects the script drops explicitly (tables, columns, and every other kind). */
    public Set<ObjectRef> dropped() {
        return dropped;
    }

    public List<Renaming> renames() {
        return renames;
    }

    /** Text of DO blocks, unparsed and only-partly understood statements: what they do is unknown. */
    public String opaqueText() {
        return opaque.toString();
    }

    /** Whether the script writes rows into the table (INSERT, UPDATE, COPY FROM, SELECT … INTO, also in WITH). */
    public boolean fills(QualifiedName table) {
        return filledTables.contains(table.key());
    }

    public boolean creates(ObjectRef o) {
        return created.containsKey(o);
    }

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

    /** An enum value added by {@code ALTER TYPE … ADD VALUE}; {@code type} is the type's key. */
    public record EnumValue(String type, String value) {}

    /**
     * Enum values the script adds without IF NOT EXISTS: PostgreSQL cannot remove a value
     * (https://www.postgresql.org/docs/current/datatype-enum.html), so such an ADD VALUE fails when the script runs
     * again unless the type was dropped in between.
     */
    public List<EnumValue> enumValuesAddedUnguarded() {
        return enumValues;
    }

    /** Whether the script adds a value to the enum type ({@code ALTER TYPE … ADD VALUE}), guarded or not. */
    public boolean extendsEnum(String typeKey) {
        return extendedEnums.contains(typeKey);
    }

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

    private void apply(ParsedStatement s) {
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
            renames.add(new Renaming(r.kind(), null, r.from().key(), r.to().toLowerCase(Locale.ROOT)));
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
