package io.miglint.model;

import java.util.Locale;

/** A possibly schema-qualified object name, already case-folded as PostgreSQL folds it. */
public record QualifiedName(String schema, String name) {

    public static QualifiedName of(String name) {
        return new QualifiedName(null, name);
    }

    /** The key the schema model uses: unqualified names and {@code public.} names are the same object. */
    public String key() {
        return (schema == null || schema.equals("public") ? "" : schema + ".") + name;
    }

    public boolean sameAs(QualifiedName other) {
        return other != null && key().equals(other.key());
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }

    public String lower() {
        return toString().toLowerCase(Locale.ROOT);
    }
}
