package io.miglint.model.schema;

import io.miglint.model.ObjectKind;
import java.util.Objects;

/**
 * One object of a schema, as {@link SchemaModel#has} looks it up and as rules name what a script creates,
 * drops or renames: its kind, its name ({@link io.miglint.model.QualifiedName#key()} for objects of a schema, the bare
 * name for indexes and for the columns, constraints, triggers and policies of a table) and, for those of a table, the
 * table's key. A procedure counts as a function and a domain as a type, as PostgreSQL names them in one namespace.
 */
public record ObjectRef(ObjectKind kind, String name, String table) {
    public ObjectRef {
        if (kind == ObjectKind.PROCEDURE) {
            kind = ObjectKind.FUNCTION;
        } else if (kind == ObjectKind.DOMAIN) {
            kind = ObjectKind.TYPE;
        }
    }

    // Written out: the generated ones are bootstrapped through method handles on first use (start-up time).
    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectRef d
                && kind == d.kind
                && Objects.equals(name, d.name)
                && Objects.equals(table, d.table);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, table);
    }

    /** How a message names it: {@code column t.c}, {@code index i}, {@code trigger t on orders}, {@code table t}. */
    public String label() {
        if (kind == ObjectKind.COLUMN) {
            return "column " + table + "." + name;
        }
        if (table != null && kind != ObjectKind.INDEX) {
            return kind.sql() + " " + name + " on " + table;
        }
        return kind.sql() + " " + name;
    }
}
