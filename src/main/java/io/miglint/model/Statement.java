package io.miglint.model;

import io.miglint.sql.Span;
import java.util.List;

/**
 * What one top-level statement means, as far as migration rules care. Records only; no parser types leak here.
 * Where a statement is understood only by its leading key words, it is {@link Other}; where it is not understood at
 * all, {@link Unparsed} (rules skip it and the rest of the file is still linted).
 */
public sealed interface Statement {

    /**
     * @param flow for CREATE TABLE … AS, what its query reads and the table it makes ({@link DataFlow#NONE} for the
     *             other forms)
     */
    record CreateTable(
            QualifiedName table,
            boolean ifNotExists,
            boolean temporary,
            boolean unlogged,
            List<ColumnDef> columns,
            List<TableConstraint> constraints,
            QualifiedName partitionOf,
            boolean partitioned,
            PartitionKey partitionKey,
            boolean asQuery,
            DataFlow flow)
            implements Statement {}

    record AlterTable(QualifiedName table, boolean ifExists, boolean only, List<AlterAction> actions)
            implements Statement {}

    /**
     * @param columns index elements as written (column names or expressions, lower-cased when plain names)
     * @param bareColumns every element is a bare column name (no expression, collation, operator class or ordering)
     *                    and there is no INCLUDE list
     */
    record CreateIndex(
            String name,
            QualifiedName table,
            boolean unique,
            boolean concurrently,
            boolean ifNotExists,
            boolean only,
            List<String> columns,
            String method,
            Expr where,
            Span nameSpan,
            boolean bareColumns)
            implements Statement {

        /** A plain b-tree over bare columns, without predicate or INCLUDE: it indexes exactly {@link #columns}. */
        public boolean plainKey() {
            return bareColumns && where == null && (method == null || method.equalsIgnoreCase("btree"));
        }
    }

    /**
     * DROP of any object kind. {@code onTable} is set for DROP TRIGGER/POLICY/RULE … ON table.
     */
    record Drop(
            ObjectKind kind,
            List<QualifiedName> names,
            QualifiedName onTable,
            boolean ifExists,
            boolean cascade,
            boolean concurrently)
            implements Statement {}

    /** CREATE SEQUENCE / SCHEMA / EXTENSION / DOMAIN / other object kinds modelled only by name. */
    record Create(ObjectKind kind, QualifiedName name, boolean ifNotExists, boolean orReplace) implements Statement {}

    /** CREATE TYPE; labels for enums, in order. */
    record CreateType(QualifiedName name, TypeShape shape, List<String> labels) implements Statement {
        public enum TypeShape {
            ENUM,
            COMPOSITE,
            RANGE,
            OTHER
        }
    }

    /** ALTER TYPE … ADD VALUE / RENAME VALUE / RENAME TO / other. */
    record AlterType(QualifiedName name, TypeAction action, String value, boolean ifNotExists, Span actionSpan)
            implements Statement {
        public enum TypeAction {
            ADD_VALUE,
            RENAME_VALUE,
            RENAME,
            OTHER
        }
    }

    /**
     * @param volatility {@code immutable}, {@code stable} or {@code volatile} as written, null when not written
     *     (PostgreSQL's default is volatile)
     * @param strict     STRICT or RETURNS NULL ON NULL INPUT
     * @param returnsSet RETURNS SETOF or RETURNS TABLE
     * @param setsConfig a {@code SET parameter} clause of any parameter
     */
    record CreateFunction(
            QualifiedName name,
            boolean procedure,
            boolean orReplace,
            boolean securityDefiner,
            boolean setsSearchPath,
            String language,
            String body,
            String volatility,
            boolean strict,
            boolean returnsSet,
            boolean setsConfig)
            implements Statement {}

    record CreateTrigger(String name, QualifiedName table, boolean orReplace) implements Statement {}

    record CreateView(QualifiedName name, boolean materialized, boolean orReplace, boolean ifNotExists)
            implements Statement {}

    record RefreshMaterializedView(QualifiedName name, boolean concurrently) implements Statement {}

    record CreatePolicy(String name, QualifiedName table) implements Statement {}

    /** ALTER INDEX/SEQUENCE/VIEW/… name RENAME TO new (tables go through AlterTable). */
    /** @param ifExists {@code ALTER … IF EXISTS … RENAME TO}: renames nothing where the object does not exist */
    record Rename(ObjectKind kind, QualifiedName from, String to, boolean ifExists) implements Statement {
        public Rename(ObjectKind kind, QualifiedName from, String to) {
            this(kind, from, to, false);
        }
    }

    /** @param password the literal after PASSWORD ({@code null} when none or not a literal) */
    record Role(boolean create, String name, String password, Span passwordSpan) implements Statement {}

    record CreateDatabase(String name) implements Statement {}

    record Grant(
            boolean grant,
            boolean allPrivileges,
            String privileges,
            List<String> grantees,
            boolean toPublic,
            String objects)
            implements Statement {}

    record Comment(ObjectKind kind, String target) implements Statement {}

    record Vacuum(boolean full, List<QualifiedName> tables) implements Statement {}

    record Cluster(QualifiedName table) implements Statement {}

    record Reindex(ObjectKind kind, QualifiedName name, boolean concurrently) implements Statement {}

    record LockTable(List<QualifiedName> tables, String mode) implements Statement {}

    record Truncate(List<QualifiedName> tables, boolean cascade, boolean restartIdentity) implements Statement {}

    /** @param endpoint STDIN, STDOUT, PROGRAM, or FILE (a server-side path) */
    record Copy(QualifiedName table, boolean from, Endpoint endpoint, String target) implements Statement {
        public enum Endpoint {
            STDIN,
            STDOUT,
            PROGRAM,
            FILE
        }
    }

    record AlterSystem(String setting) implements Statement {}

    /** SET / SET LOCAL / RESET of a run-time parameter. */
    record SetParameter(String name, String value, boolean local, boolean reset) implements Statement {}

    record Transaction(TxKind kind) implements Statement {
        public enum TxKind {
            BEGIN,
            COMMIT,
            ROLLBACK,
            SAVEPOINT,
            RELEASE,
            ROLLBACK_TO,
            PREPARE,
            COMMIT_PREPARED
        }
    }

    /**
     * @param hasFrom a top-level FROM: the new values come from a join with other tables ({@code UPDATE … FROM})
     * @param flow    what it reads and writes, the functions it calls and its WHERE
     */
    record Update(
            QualifiedName table, List<String> setColumns, List<Assignment> assignments, boolean hasFrom, DataFlow flow)
            implements Statement {
        public boolean hasWhere() {
            return flow.where().present();
        }

        /** Functions called anywhere in the statement (lower-case), for server-side-command checks. */
        public List<String> functions() {
            return flow.functions();
        }
    }

    record Assignment(String column, Expr value) {}

    /** @param flow what it reads and writes, the functions it calls and its WHERE */
    record Delete(QualifiedName table, DataFlow flow) implements Statement {
        public boolean hasWhere() {
            return flow.where().present();
        }

        public List<String> functions() {
            return flow.functions();
        }
    }

    /**
     * @param values the rows of {@code VALUES}, empty for {@code INSERT … SELECT} and {@code DEFAULT VALUES}
     * @param flow   what it reads and writes, the functions it calls and the WHERE of the query it copies
     */
    record Insert(QualifiedName table, List<String> columns, List<List<Expr>> values, DataFlow flow)
            implements Statement {
        public List<String> functions() {
            return flow.functions();
        }
    }

    /** A query (SELECT, VALUES, TABLE, or WITH … SELECT): {@code flow} says what it reads and, with INTO, writes. */
    record Select(DataFlow flow) implements Statement {
        public List<String> functions() {
            return flow.functions();
        }
    }

    record DoBlock(String body, String language) implements Statement {}

    record PsqlMeta(String command, String arguments) implements Statement {}

    record CopyData() implements Statement {}

    /** Recognised by its leading key words only ({@code command} e.g. "create aggregate"). */
    record Other(String command) implements Statement {}

    /**
     * Not understood. {@code certainlyInvalid} is true only when the text cannot be PostgreSQL at all (an unknown
     * leading key word, unbalanced parentheses, an unterminated literal) — never for what we merely cannot model.
     */
    record Unparsed(String reason, boolean certainlyInvalid) implements Statement {}
}
