package io.miglint.model;

import io.miglint.sql.Span;

/** One action of an ALTER TABLE; {@code span} covers the action's own text so findings point at it. */
public sealed interface AlterAction {
    Span span();

    record AddColumn(ColumnDef column, boolean ifNotExists, Span span) implements AlterAction {}

    record DropColumn(String column, boolean ifExists, boolean cascade, Span span) implements AlterAction {}

    /** {@code ALTER COLUMN c [SET DATA] TYPE t [USING e]}; using is null when absent. */
    record AlterColumnType(String column, TypeRef type, Expr using, Span span) implements AlterAction {}

    record SetNotNull(String column, Span span) implements AlterAction {}

    record DropNotNull(String column, Span span) implements AlterAction {}

    record SetDefault(String column, Expr value, Span span) implements AlterAction {}

    record DropDefault(String column, Span span) implements AlterAction {}

    record AddConstraint(TableConstraint constraint, Span span) implements AlterAction {}

    record DropConstraint(String name, boolean ifExists, boolean cascade, Span span) implements AlterAction {}

    record ValidateConstraint(String name, Span span) implements AlterAction {}

    record RenameColumn(String from, String to, Span span) implements AlterAction {}

    record RenameTable(String to, Span span) implements AlterAction {}

    record RenameConstraint(String from, String to, Span span) implements AlterAction {}

    /** {@code SET SCHEMA s}. */
    record SetSchema(String schema, Span span) implements AlterAction {}

    /** SET TABLESPACE, SET LOGGED/UNLOGGED, SET ACCESS METHOD: each rewrites the table. */
    record Rewrite(String what, Span span) implements AlterAction {}

    /** {@code ATTACH PARTITION p FOR VALUES …}; {@code bound} as written. */
    record AttachPartition(QualifiedName partition, PartitionBound bound, Span span) implements AlterAction {}

    record DetachPartition(QualifiedName partition, boolean concurrently, boolean finalizing, Span span)
            implements AlterAction {}

    /** ADD GENERATED … AS IDENTITY on an existing column, SET/DROP EXPRESSION, identity options. */
    record Identity(String column, String what, Span span) implements AlterAction {}

    /** ENABLE/DISABLE/FORCE ROW LEVEL SECURITY, triggers, OWNER TO, SET (storage params), CLUSTER ON, … */
    record Other(String text, Span span) implements AlterAction {}
}
