package io.miglint.gate;

import static io.miglint.gate.GateDatabases.rows;

import java.sql.SQLException;
import java.util.List;

/**
 * What a tool's tracking table looks like in the catalog, in a form two databases can be compared by: each column's
 * information_schema description, the indexes (their definitions name the table, not the database) and the
 * constraints with their definitions.
 */
record TrackingTableShape(
        List<List<String>> columns,
        List<List<String>> indexes,
        List<List<String>> constraints,
        List<List<String>> comment) {

    static TrackingTableShape of(String db, String table) throws SQLException {
        return of(db, "public", table);
    }

    /** The table in another schema (drizzle keeps its table in the schema drizzle). */
    static TrackingTableShape of(String db, String schema, String table) throws SQLException {
        String literal = "'" + table.replace("'", "''") + "'";
        String schemaLiteral = "'" + schema.replace("'", "''") + "'";
        return new TrackingTableShape(
                rows(
                        db,
                        "select column_name, data_type, character_maximum_length::text, numeric_precision::text, "
                                + "datetime_precision::text, is_nullable, column_default, ordinal_position::text as position "
                                + "from information_schema.columns where table_schema = " + schemaLiteral
                                + " and table_name = "
                                + literal + " order by ordinal_position"),
                rows(
                        db,
                        "select indexname, indexdef from pg_indexes where schemaname = " + schemaLiteral
                                + " and tablename = " + literal + " order by indexname"),
                rows(
                        db,
                        "select conname, contype::text, pg_get_constraintdef(oid) from pg_constraint where "
                                + "conrelid = (quote_ident(" + schemaLiteral + ") || '.' || quote_ident(" + literal
                                + "))::regclass order by conname"),
                rows(
                        db,
                        "select obj_description((quote_ident(" + schemaLiteral + ") || '.' || quote_ident(" + literal
                                + "))::regclass, " + "'pg_class')"));
    }
}
