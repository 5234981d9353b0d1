package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.verify.DatabaseUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a database URL tells a migration tool beyond the server: golang-migrate's {@code x-} parameters
 * (database/postgres/postgres.go, Open and WithConnection) and dbmate's use of {@code search_path}
 * (pkg/driver/postgres, migrationsTableNameParts). miglint reads the same table the tool given the same URL reads;
 * a parameter of one tool given with another tool's folder is refused, as is one whose value the tool would reject.
 */
public final class UrlConventions {
    private static final Pattern QUOTED_PART = Pattern.compile("\"(.*?)\"");
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private UrlConventions() {}

    /**
     * The tracking table of {@code layout} on the target {@code url} names, given {@code --migrations-table} (null
     * when not given).
     *
     * @throws IllegalArgumentException a usage error (exit 2), naming the parameter
     */
    public static Ledger ledger(LayoutKind layout, TableName configured, DatabaseUrl url) {
        Map<String, String> x = url.toolParameters();
        if (!x.isEmpty() && layout != LayoutKind.GOLANG_MIGRATE) {
            throw new IllegalArgumentException("the database URL has " + String.join(", ", x.keySet())
                    + ", golang-migrate's parameter" + (x.size() > 1 ? "s" : "") + ", but the folder's layout is "
                    + layout.id() + ", whose tool does not read " + (x.size() > 1 ? "them" : "it")
                    + ": remove " + (x.size() > 1 ? "them" : "it") + " (name a tracking table with "
                    + "--migrations-table)");
        }
        return switch (layout) {
            case GOLANG_MIGRATE -> golangMigrate(configured, url);
            case DBMATE -> Ledger.of(layout, dbmateTable(configured, url));
            default -> Ledger.of(layout, configured);
        };
    }

    private static Ledger golangMigrate(TableName configured, DatabaseUrl url) {
        Map<String, String> x = url.toolParameters();
        boolean quoted = bool(x, "x-migrations-table-quoted");
        if (bool(x, "x-multi-statement")) {
            throw new IllegalArgumentException("the database URL sets x-multi-statement=true: golang-migrate then "
                    + "splits each file at every ';' and runs the pieces one by one, without the implicit "
                    + "transaction of one query; miglint runs a golang-migrate file as one query and does not "
                    + "mirror that split: remove the parameter, or run these migrations with migrate itself");
        }
        integer(x, "x-multi-statement-max-size");
        integer(x, "x-statement-timeout");
        String value = x.get("x-migrations-table");
        TableName fromUrl = null;
        if (value != null && !value.isEmpty()) {
            fromUrl = quoted ? quotedTable(value) : new TableName(null, value);
        } else if (quoted) {
            // golang-migrate would run its regular expression over the default name, find no quoted part and panic
            throw new IllegalArgumentException("the database URL sets x-migrations-table-quoted=true without "
                    + "x-migrations-table: give the table as x-migrations-table=\"schema\".\"table\"");
        }
        if (fromUrl != null && configured != null && !fromUrl.equals(configured)) {
            throw new IllegalArgumentException("--migrations-table " + configured + " and the database URL's "
                    + "x-migrations-table (" + fromUrl + ") name different tables: give one of them");
        }
        TableName table = fromUrl != null
                ? fromUrl
                : configured != null ? configured : new TableName(null, Ledger.defaultTable(LayoutKind.GOLANG_MIGRATE));
        return new GolangMigrateLedger(table, url.path());
    }

    /**
     * x-migrations-table with x-migrations-table-quoted=true, as WithConnection reads it: the value must start and end
     * with a double quote; the last {@code "…"} part is the table, the one before it (if there are exactly two) the
     * schema, and more than two are an error. Nothing inside a part is unescaped.
     */
    static TableName quotedTable(String value) {
        if (value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            throw new IllegalArgumentException("x-migrations-table must be quoted (for instance "
                    + "'\"migrate\".\"schema_migrations\"') when x-migrations-table-quoted is enabled, current value "
                    + "is: " + value);
        }
        List<String> parts = new ArrayList<>();
        Matcher m = QUOTED_PART.matcher(value);
        while (m.find()) {
            parts.add(m.group(1));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("x-migrations-table " + value + " has no quoted name");
        }
        if (parts.size() > 2) {
            throw new IllegalArgumentException("\"" + value + "\" MigrationsTable contains too many dot characters");
        }
        String table = parts.get(parts.size() - 1);
        if (table.isEmpty() || (parts.size() == 2 && parts.get(0).isEmpty())) {
            throw new IllegalArgumentException("x-migrations-table " + value + " has an empty name");
        }
        return new TableName(parts.size() == 2 ? parts.get(0) : null, table);
    }

    /**
     * dbmate: a table given without a schema lives in the first schema of the URL's {@code search_path} parameter
     * (created if missing), else in {@code current_schema()}.
     */
    static TableName dbmateTable(TableName configured, DatabaseUrl url) {
        TableName t = configured != null ? configured : new TableName(null, Ledger.defaultTable(LayoutKind.DBMATE));
        String searchPath = url.parameters().get("search_path");
        if (t.schema() == null && searchPath != null) {
            String first = searchPath.split(",", -1)[0].strip();
            if (!first.isEmpty()) {
                return new TableName(first, t.name());
            }
        }
        return t;
    }

    /**
     * golang-migrate's x-statement-timeout in milliseconds: it cancels each migration (the whole file, sent as one
     * query) after that long; null when not given.
     */
    public static Duration statementTimeout(DatabaseUrl url) {
        Integer ms = integer(url.toolParameters(), "x-statement-timeout");
        return ms == null ? null : Duration.ofMillis(Math.max(0, ms));
    }

    /** strconv.ParseBool, as golang-migrate parses its boolean parameters; absent or empty is false. */
    private static boolean bool(Map<String, String> x, String key) {
        String v = x.get(key);
        if (v == null || v.isEmpty()) {
            return false;
        }
        if (TRUE.contains(v)) {
            return true;
        }
        if (FALSE.contains(v)) {
            return false;
        }
        throw new IllegalArgumentException(
                "unable to parse option " + key + ": '" + v + "' is not a boolean (true, " + "false, 1, 0, t, f)");
    }

    /** strconv.Atoi; absent or empty is null. */
    private static Integer integer(Map<String, String> x, String key) {
        String v = x.get(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the database URL's " + key + " '" + v + "' is not an integer");
        }
    }
}
