package io.miglint.model;

import java.util.List;
import java.util.Locale;

/**
 * What a data statement (INSERT, UPDATE, DELETE, SELECT, and the query of CREATE TABLE … AS) reads and writes, the
 * functions it calls and the shape of its WHERE, read when the statement is parsed: by JSqlParser, which follows
 * subqueries, joins and WITH queries exactly, or, for the few statements it cannot read, by a scan of the tokens,
 * which says so ({@link #guessed}) so that a rule can stay on the safe side.
 *
 * <p>Tables are named as the statement writes them (schema only when written), folded as PostgreSQL folds names; the
 * names of the statement's own WITH queries are no tables and are never listed.
 *
 * @param writes    the tables the statement writes and how, in the order they appear: the target of INSERT, UPDATE
 *                  or DELETE, the table CREATE TABLE … AS or SELECT … INTO makes, and those of data-modifying WITH
 *                  queries ({@code WITH moved AS (DELETE FROM a … RETURNING *) INSERT INTO b …})
 * @param reads     every table the statement reads: FROM, JOIN and USING items at any depth — its main query, WITH
 *                  queries, derived tables, subqueries in a WHERE, ON, SELECT list or SET value. The target of an
 *                  UPDATE or DELETE is listed only where it is also read by name in such an item.
 * @param sources   the tables whose rows the statement goes through: the FROM, JOIN and USING items of its main query
 *                  and of the WITH queries and derived tables in them; not a table that a subquery in a WHERE, ON,
 *                  SELECT list or SET value only looks up ({@code WHERE NOT EXISTS (SELECT 1 FROM t …)})
 * @param functions the functions it calls anywhere, by name without schema (folded unless quoted), in order, each once
 * @param where     the WHERE that picks the rows it works on: an UPDATE's or DELETE's, or that of the query an INSERT
 *                  copies, a SELECT, or a CREATE TABLE … AS
 * @param limited   a LIMIT or FETCH anywhere in it: the statement works on a bounded batch
 * @param guessed   JSqlParser could not read the statement, and all of the above comes from a scan of its tokens,
 *                  which can miss a table or a function and misjudge a WHERE
 */
public record DataFlow(
        List<Write> writes,
        List<QualifiedName> reads,
        List<QualifiedName> sources,
        List<String> functions,
        Where where,
        boolean limited,
        boolean guessed) {

    /** Nothing read or written: a statement that is no data statement, or a CREATE TABLE that is not … AS. */
    public static final DataFlow NONE =
            new DataFlow(List.of(), List.of(), List.of(), List.of(), Where.NONE, false, false);

    public DataFlow {
        writes = List.copyOf(writes);
        reads = List.copyOf(reads);
        sources = List.copyOf(sources);
        functions = List.copyOf(functions);
    }

    /** How a statement writes a table. */
    public enum WriteKind {
        INSERT,
        UPDATE,
        DELETE,
        CREATE
    }

    /** One table written, and how. */
    public record Write(QualifiedName table, WriteKind kind) {}

    /**
     * The shape of a WHERE.
     *
     * @param shape      what kind of condition it is
     * @param nullColumn the column, when the whole condition is {@code [t.]column IS NULL}; else null
     * @param columns    the columns the condition (and any subquery in it) refers to, as written: {@code hidden},
     *                   {@code lu.matrix_user_id} (folded unless quoted)
     */
    public record Where(Shape shape, String nullColumn, List<String> columns) {
        public static final Where NONE = new Where(Shape.NONE, null, List.of());

        public Where {
            columns = List.copyOf(columns);
        }

        public enum Shape {
            /** No WHERE: every row. */
            NONE,
            /**
             * A key or range predicate: a conjunct (each of its OR alternatives) compares a column with constants —
             * {@code col = 1}, {@code col IN ('a', 'b')}, {@code col = ANY('{…}')}, {@code col > 1000},
             * {@code col BETWEEN 1 AND 5}: the rows are picked by their key, a few or one batch.
             */
            KEY,
            /**
             * Rows that lost what they point at: a conjunct {@code NOT EXISTS (SELECT …)} or
             * {@code col NOT IN (SELECT …)}, few by nature however large the table.
             */
            ORPHANS,
            /** Any other condition. */
            OTHER
        }

        public boolean present() {
            return shape != Shape.NONE;
        }

        /** The condition refers to {@code column} (qualified or not). */
        public boolean mentions(String column) {
            return columns.stream().anyMatch(c -> c.equals(column) || c.endsWith("." + column));
        }

        /** The condition refers to {@code column} through a table or alias: {@code lu.matrix_user_id}. */
        public boolean mentionsQualified(String column) {
            return columns.stream().anyMatch(c -> c.endsWith("." + column));
        }
    }

    /** The flow of a statement: its own for the data statements and CREATE TABLE, {@link #NONE} for the others. */
    public static DataFlow of(Statement node) {
        if (node instanceof Statement.Insert i) {
            return i.flow();
        }
        if (node instanceof Statement.Update u) {
            return u.flow();
        }
        if (node instanceof Statement.Delete d) {
            return d.flow();
        }
        if (node instanceof Statement.Select s) {
            return s.flow();
        }
        if (node instanceof Statement.CreateTable ct) {
            return ct.flow();
        }
        return NONE;
    }

    /**
     * Whether the statement reads a table of this name, in any schema: the name is what a FROM clause writes, and a
     * migration's tables are mostly reached through the search path.
     */
    public boolean reads(String table) {
        return named(reads, table);
    }

    /** The tables written with {@code kind}. */
    public List<QualifiedName> written(WriteKind kind) {
        return writes.stream().filter(w -> w.kind() == kind).map(Write::table).toList();
    }

    private static boolean named(List<QualifiedName> tables, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return tables.stream().anyMatch(t -> t.name().toLowerCase(Locale.ROOT).equals(n));
    }
}
