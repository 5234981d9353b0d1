package io.miglint.rules.locking;

import io.miglint.model.Expr;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a column default is evaluated once or per row when ADD COLUMN fills the existing rows. Since PostgreSQL 11
 * a non-volatile default is evaluated once and stored in the catalog, so no row is touched; a volatile one (a fresh
 * value per row) still rewrites the table (https://www.postgresql.org/docs/current/sql-altertable.html#id-1.9.3.35.7).
 * Volatility is PostgreSQL's own ({@code pg_proc.provolatile}): {@code now()} and {@code txid_current()} are stable,
 * {@code clock_timestamp()} is volatile.
 *
 * @param volatility the verdict
 * @param function   the function that decided it, or null for a constant
 */
record DefaultVolatility(Volatility volatility, String function) {

    enum Volatility {
        NOT_VOLATILE,
        VOLATILE,
        UNKNOWN
    }

    private static final Set<String> VOLATILE = Set.of(
            "gen_random_uuid",
            "uuid_generate_v1",
            "uuid_generate_v1mc",
            "uuid_generate_v4",
            "uuidv4",
            "uuidv7",
            "random",
            "random_normal",
            "clock_timestamp",
            "timeofday",
            "nextval",
            "setval",
            "currval",
            "lastval",
            "gen_random_bytes",
            "gen_salt",
            "uuid_generate_v7",
            "gen_ulid",
            "generate_ulid");

    /** Stable or immutable catalog functions seen in defaults, plus SQL constructs written like calls. */
    private static final Set<String> NOT_VOLATILE = Set.of(
            "now",
            "transaction_timestamp",
            "statement_timestamp",
            "txid_current",
            "pg_current_xact_id",
            "current_setting",
            "timezone",
            "to_char",
            "to_timestamp",
            "to_date",
            "date_trunc",
            "date_part",
            "extract",
            "make_date",
            "make_timestamp",
            "make_timestamptz",
            "make_interval",
            "age",
            "lower",
            "upper",
            "trim",
            "btrim",
            "concat",
            "concat_ws",
            "substring",
            "md5",
            "encode",
            "decode",
            "replace",
            "jsonb_build_object",
            "json_build_object",
            "jsonb_build_array",
            "json_build_array",
            "to_jsonb",
            "to_json",
            "array_fill",
            "array_to_string",
            "string_to_array",
            "inet_client_addr",
            "current_database",
            "current_schema",
            "version",
            "coalesce",
            "nullif",
            "greatest",
            "least",
            "cast",
            "row",
            "array",
            "interval",
            "point",
            "tsrange",
            "tstzrange",
            "daterange",
            "int4range",
            "int8range",
            "numrange",
            "overlay",
            "position",
            "left",
            "right",
            "length",
            "abs",
            "round",
            "floor",
            "ceil",
            "power",
            "format",
            "pg_catalog.now",
            "localtimestamp",
            "localtime",
            "current_time",
            "current_timestamp",
            "jsonb",
            "json",
            "lpad",
            "rpad",
            "repeat",
            "sha256",
            "digest",
            "hstore",
            "uuid");

    /** Type names that may stand before a parenthesis inside a default ({@code CAST(x AS varchar(10))}). */
    private static final Set<String> TYPE_NAMES = Set.of(
            "varchar",
            "char",
            "character",
            "numeric",
            "decimal",
            "timestamp",
            "timestamptz",
            "time",
            "timetz",
            "bit",
            "varbit",
            "float",
            "varying");

    private static final Pattern STRING = Pattern.compile("[eE]?'(?:[^'\\\\]|''|\\\\.)*'");
    private static final Pattern CALL =
            Pattern.compile("(?<![\\w$.:\"])((?:[a-z_][a-z0-9_$]*\\.)?[a-z_][a-z0-9_$]*)\\s*\\(");

    static DefaultVolatility of(Expr expr) {
        String text = STRING.matcher(expr.text()).replaceAll("''").toLowerCase(java.util.Locale.ROOT);
        Matcher m = CALL.matcher(text);
        String unknown = null;
        while (m.find()) {
            String name = m.group(1);
            String bare = name.startsWith("pg_catalog.") || name.startsWith("public.")
                    ? name.substring(name.indexOf('.') + 1)
                    : name;
            if (precededByCast(text, m.start())) {
                continue;
            }
            if (VOLATILE.contains(bare)) {
                return new DefaultVolatility(Volatility.VOLATILE, bare);
            }
            if (!NOT_VOLATILE.contains(bare) && !TYPE_NAMES.contains(bare) && unknown == null) {
                unknown = name;
            }
        }
        return unknown == null
                ? new DefaultVolatility(Volatility.NOT_VOLATILE, null)
                : new DefaultVolatility(Volatility.UNKNOWN, unknown);
    }

    private static boolean precededByCast(String text, int at) {
        String before = text.substring(0, at).stripTrailing();
        return before.endsWith("::") || before.endsWith(" as");
    }
}
