package io.miglint.rules.locking;

import io.miglint.model.Expr;
import io.miglint.model.Statement;
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
record DefaultVolatility(Volatility volatility, String function, boolean definedInFolder) {

    DefaultVolatility(Volatility volatility, String function) {
        this(volatility, function, false);
    }

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

    /**
     * Whether {@code expr} is volatile, with the functions the folder defines ({@code schema}) taken as PostgreSQL takes them when
     * it decides whether ADD COLUMN may store the default once: it plans the expression first, which inlines a simple
     * SQL function (one {@code SELECT expression} or {@code RETURN expression}, LANGUAGE sql, not SECURITY DEFINER,
     * no SET clause, not returning a set), so ente's {@code now_utc_micro_seconds()}, a VOLATILE (by
     * default) wrapper of {@code now()}, is stable there and stores a fast default (relfilenode unchanged and
     * {@code atthasmissing} set on PostgreSQL 15). A function declared IMMUTABLE or STABLE is not volatile; any other
     * function the folder defines is (VOLATILE is the default).
     */
    static DefaultVolatility of(Expr expr, io.miglint.model.schema.SchemaModel schema) {
        return of(expr.text(), schema, 0);
    }

    private static DefaultVolatility of(String written, io.miglint.model.schema.SchemaModel schema, int depth) {
        String text = STRING.matcher(written).replaceAll("''").toLowerCase(java.util.Locale.ROOT);
        Matcher m = CALL.matcher(text);
        String unknown = null;
        String inlinedCall = null;
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
            if (NOT_VOLATILE.contains(bare) || TYPE_NAMES.contains(bare)) {
                continue;
            }
            java.util.Optional<Statement.CreateFunction> def =
                    depth > 4 ? java.util.Optional.empty() : schema.functionDefinition(qualified(name));
            if (def.isEmpty()) {
                unknown = unknown == null ? name : unknown;
                continue;
            }
            String declared = def.get().volatility();
            if ("immutable".equals(declared) || "stable".equals(declared)) {
                continue;
            }
            java.util.Optional<String> inlined = inlinedExpression(def.get());
            DefaultVolatility inner = inlined.isPresent() ? of(inlined.get(), schema, depth + 1) : null;
            if (inner == null || inner.volatility() == Volatility.VOLATILE) {
                return new DefaultVolatility(Volatility.VOLATILE, name, true);
            }
            if (inner.volatility() == Volatility.UNKNOWN && unknown == null) {
                unknown = inner.function();
            }
            if (inner.volatility() == Volatility.NOT_VOLATILE && inlinedCall == null) {
                inlinedCall = name;
            }
        }
        // not volatile: the function named, when one the folder defines was inlined to decide it
        return unknown == null
                ? new DefaultVolatility(Volatility.NOT_VOLATILE, inlinedCall, inlinedCall != null)
                : new DefaultVolatility(Volatility.UNKNOWN, unknown);
    }

    private static io.miglint.model.QualifiedName qualified(String written) {
        int dot = written.indexOf('.');
        return dot < 0
                ? io.miglint.model.QualifiedName.of(written)
                : new io.miglint.model.QualifiedName(written.substring(0, dot), written.substring(dot + 1));
    }

    private static final Pattern LEADING_COMMENTS =
            Pattern.compile("^(?:\\s+|--[^\\n]*\\n?|/\\*.*?\\*/)*", Pattern.DOTALL);
    private static final Pattern NOT_AN_EXPRESSION = Pattern.compile(
            "(?i)^(?:select|insert|update|delete|merge|with|values|table|begin|create|alter|drop|set|do|call"
                    + "|declare|perform|return)\\b");
    private static final Pattern CLAUSE = Pattern.compile(
            "(?i)\\b(?:from|where|group|having|order|limit|offset|fetch|union|intersect|except|window|into|distinct)\\b");

    /** Constructs that may return a value for a NULL input, which a STRICT function's body must not hold to inline. */
    private static final Pattern NOT_STRICT = Pattern.compile(
            "(?i)\\b(?:case|coalesce|nullif|greatest|least|and|or|not|is|in|any|all|some|exists|array|row)\\b");

    /**
     * The expression PostgreSQL puts in place of a call of {@code f} when it inlines it, or empty when it does not
     * (inline_function in PostgreSQL's optimizer/util/clauses.c): LANGUAGE sql, no SECURITY DEFINER, no SET clause,
     * not a set (a STRICT one only when its body holds nothing that may turn a NULL into a value), and a body that is
     * one {@code SELECT expression} with no other clause, or {@code RETURN expression}.
     */
    static java.util.Optional<String> inlinedExpression(Statement.CreateFunction f) {
        if (!"sql".equals(f.language())
                || f.procedure()
                || f.securityDefiner()
                || f.setsConfig()
                || f.returnsSet()
                || f.body() == null) {
            return java.util.Optional.empty();
        }
        String body = LEADING_COMMENTS.matcher(f.body()).replaceFirst("").strip();
        body = body.replaceFirst(";\\s*$", "").strip();
        String expression;
        if (body.regionMatches(true, 0, "select", 0, 6)
                && (body.length() == 6 || !Character.isLetterOrDigit(body.charAt(6)))) {
            expression = body.substring(6);
        } else if (NOT_AN_EXPRESSION.matcher(body).find()) {
            return java.util.Optional.empty();
        } else {
            expression = body; // RETURN expression (the parser keeps what follows RETURN)
        }
        String flat = STRING.matcher(expression).replaceAll("''");
        int depth = 0;
        StringBuilder top = new StringBuilder();
        for (char ch : flat.toCharArray()) {
            if (ch == '(' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == ']') {
                depth--;
            } else if (depth == 0) {
                if (ch == ',' || ch == ';') {
                    return java.util.Optional.empty(); // several columns, or several statements
                }
                top.append(ch);
            }
        }
        if (expression.isBlank()
                || CLAUSE.matcher(top).find()
                || f.strict() && NOT_STRICT.matcher(flat).find()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(expression.strip());
    }

    private static boolean precededByCast(String text, int at) {
        String before = text.substring(0, at).stripTrailing();
        return before.endsWith("::") || before.endsWith(" as");
    }
}
