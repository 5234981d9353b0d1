package io.miglint.model;

import io.miglint.sql.Span;

/**
 * A column as declared in CREATE TABLE or ADD COLUMN.
 *
 * @param defaultExpr null when there is no DEFAULT clause
 * @param references  inline REFERENCES, or null
 * @param check       inline CHECK expression, or null
 * @param constraintNames the names given with {@code CONSTRAINT name} to the column's constraints, by kind
 *     ({@code primary}, {@code unique}, {@code references}, {@code check}); a kind not named is absent
 */
public record ColumnDef(
        String name,
        TypeRef type,
        boolean notNull,
        Expr defaultExpr,
        boolean primaryKey,
        boolean unique,
        ForeignKeyRef references,
        Expr check,
        Generated generated,
        Span span,
        java.util.Map<String, String> constraintNames) {

    public enum Generated {
        NONE,
        STORED,
        IDENTITY_ALWAYS,
        IDENTITY_BY_DEFAULT
    }

    public boolean isSerial() {
        String t = type == null ? "" : type.name();
        return t.equals("serial") || t.equals("bigserial") || t.equals("smallserial");
    }

    public boolean isIdentity() {
        return generated == Generated.IDENTITY_ALWAYS || generated == Generated.IDENTITY_BY_DEFAULT;
    }

    /**
     * Added to an existing table, this column fails on any row: NOT NULL (or PRIMARY KEY) with no default and no
     * generated or serial value, so PostgreSQL accepts the ADD COLUMN only on an empty table.
     */
    public boolean failsOnAnyRow() {
        boolean hasValue = defaultExpr != null && !defaultExpr.isNullLiteral();
        return (notNull || primaryKey) && !hasValue && generated == Generated.NONE && !isSerial();
    }
}
