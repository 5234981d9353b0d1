package io.miglint.model;

import io.miglint.sql.Span;
import java.util.List;

/**
 * A table constraint (CREATE TABLE element or ALTER TABLE … ADD CONSTRAINT).
 *
 * @param name       null when unnamed
 * @param columns    key columns (PK, UNIQUE, FK), the one column of NOT_NULL; empty for CHECK and EXCLUDE
 * @param references for FOREIGN KEY
 * @param check      for CHECK
 * @param usingIndex for {@code PRIMARY KEY/UNIQUE USING INDEX name}, else null
 */
public record TableConstraint(
        String name,
        Kind kind,
        List<String> columns,
        ForeignKeyRef references,
        Expr check,
        boolean notValid,
        String usingIndex,
        Span span) {

    /** NOT_NULL is PostgreSQL 18's named table constraint {@code CONSTRAINT n NOT NULL col}. */
    public enum Kind {
        PRIMARY_KEY,
        UNIQUE,
        FOREIGN_KEY,
        CHECK,
        EXCLUDE,
        NOT_NULL
    }
}
