package io.miglint.model;

import java.util.Locale;

/** A possibly schema-qualified object name, already case-folded as PostgreSQL folds it. */
public record QualifiedName(String schema, String name) {

    public static QualifiedName of(String name) {
        return new QualifiedName(null, name);
    }

    /** The key the schema model uses: unqualified names and {@code public.} names are the same object. */
    public String key() {
        return isDefaultSchema(schema) ? name : schema + "." + name;
    }

    /** Same object: equal names in the same schema, no schema and {@code public} being the same (no allocation). */
    public boolean sameAs(QualifiedName other) {
        if (other == null || !name.equals(other.name)) {
            return false;
        }
        return isDefaultSchema(schema) ? isDefaultSchema(other.schema) : schema.equals(other.schema);
    }

    private static boolean isDefaultSchema(String schema) {
        return schema == null || schema.equals("public");
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }

    public String lower() {
        return toString().toLowerCase(Locale.ROOT);
    }
}
