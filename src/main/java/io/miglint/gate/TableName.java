package io.miglint.gate;

import java.util.Locale;

/**
 * A tracking table as given to {@code --migrations-table [schema.]name}. Without a schema the table lives where the
 * tools put it: the first schema of the connection's search_path ({@code current_schema()}).
 */
public record TableName(String schema, String name) {

    public static TableName parse(String text) {
        String t = text.strip();
        int dot = t.indexOf('.');
        String schema = dot < 0 ? null : t.substring(0, dot);
        String name = dot < 0 ? t : t.substring(dot + 1);
        if (name.isEmpty() || (schema != null && schema.isEmpty()) || name.contains(".")) {
            throw new IllegalArgumentException("--migrations-table '" + text + "' is not [schema.]name");
        }
        return new TableName(schema, name);
    }

    /** The same table under another name, for a journal kept next to it. */
    public TableName sibling(String other) {
        return new TableName(schema, other);
    }

    /** Quoted for SQL, so mixed case and keywords survive. */
    public String sql() {
        return schema == null ? quote(name) : quote(schema) + "." + quote(name);
    }

    /** For {@code to_regclass}: the same quoting as text. */
    public String regclassLiteral() {
        return "'" + sql().replace("'", "''") + "'";
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
