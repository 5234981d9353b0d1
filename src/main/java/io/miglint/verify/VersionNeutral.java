package io.miglint.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Snapshots of servers of two PostgreSQL major versions made comparable: what changed between the majors in how
 * PostgreSQL prints a definition, not in the definition, is taken out of both. The release gate needs it only when its
 * replay could not run on the target's own major. Found by running the same migrations on 12 to 18 and reading their
 * snapshots side by side (versionNeutralTest covers each):
 *
 * <ul>
 *   <li>16 and later print a view's column references without their table where the query reads one relation
 *       ({@code SELECT id FROM t}, was {@code SELECT t.id FROM t}): qualifiers are removed from view definitions;</li>
 *   <li>14 and later print EXTRACT, SUBSTRING, POSITION, OVERLAY and TRIM in SQL-standard syntax
 *       ({@code EXTRACT(year FROM born)}, was {@code date_part('year'::text, born)}), and with the implicit casts of
 *       their arguments hidden, and name a procedure's arguments with their mode ({@code p(IN a integer)}): across 14,
 *       expressions are compared as the bag of their words, literals and operators without casts, procedure
 *       names without the IN, and a view column of type double precision as numeric (EXTRACT's type since 14,
 *       date_part's before).</li>
 * </ul>
 */
public final class VersionNeutral {
    /** Where the SQL-standard spelling of EXTRACT, SUBSTRING, POSITION, OVERLAY and TRIM arrived. */
    static final int SQL_STANDARD_FUNCTIONS = 14;
    /** Where views started to print column references without their relation when only one is read. */
    static final int UNQUALIFIED_VIEW_COLUMNS = 16;

    /** Attributes that hold a deparsed expression or query, by kind. */
    private static final Map<String, Set<String>> EXPRESSIONS = Map.of(
            "view",
            Set.of("definition"),
            "materialized view",
            Set.of("definition"),
            "constraint",
            Set.of("definition"),
            "index",
            Set.of("definition"),
            "trigger",
            Set.of("definition"),
            "column",
            Set.of("default", "generated"),
            "policy",
            Set.of("using", "with check"),
            "domain",
            Set.of("default", "constraints"));

    private VersionNeutral() {}

    /** The difference between snapshots of servers of these majors, without their deparse differences. */
    public static SchemaDiff diff(SchemaSnapshot actual, int actualMajor, SchemaSnapshot expected, int expectedMajor) {
        if (actualMajor == expectedMajor) {
            return SchemaDiff.between(actual, expected);
        }
        boolean acrossStandard = Math.min(actualMajor, expectedMajor) < SQL_STANDARD_FUNCTIONS
                && Math.max(actualMajor, expectedMajor) >= SQL_STANDARD_FUNCTIONS;
        return SchemaDiff.between(of(actual, acrossStandard), of(expected, acrossStandard));
    }

    /** In words for a report: what {@link #diff} leaves out between these majors. */
    public static String ignored(int a, int b) {
        List<String> what = new ArrayList<>();
        what.add("table names before column references in view definitions (PostgreSQL " + UNQUALIFIED_VIEW_COLUMNS
                + " and later leave them out where a query reads one table)");
        if (Math.min(a, b) < SQL_STANDARD_FUNCTIONS && Math.max(a, b) >= SQL_STANDARD_FUNCTIONS) {
            what.add("the spelling of EXTRACT, SUBSTRING, POSITION, OVERLAY and TRIM, the order of words and the "
                    + "casts in expressions, IN before procedure arguments, and double precision against numeric for "
                    + "view columns (PostgreSQL " + SQL_STANDARD_FUNCTIONS + " changed how they print, and EXTRACT's "
                    + "type)");
        }
        return String.join("; ", what);
    }

    static SchemaSnapshot of(SchemaSnapshot snapshot, boolean acrossStandard) {
        List<SchemaObject> out = new ArrayList<>();
        for (SchemaObject o : snapshot.objects().values()) {
            String name = acrossStandard && o.kind().equals("procedure") ? withoutInMode(o.name()) : o.name();
            Set<String> expressions = EXPRESSIONS.getOrDefault(o.kind(), Set.of());
            boolean viewColumn = acrossStandard && o.kind().equals("column") && ofView(snapshot, o.name());
            Map<String, String> attributes = new LinkedHashMap<>();
            o.attributes().forEach((key, value) -> {
                String v = value;
                if (acrossStandard && o.kind().equals("procedure") && key.equals("definition")) {
                    int eol = v.indexOf('\n');
                    v = eol < 0 ? withoutInMode(v) : withoutInMode(v.substring(0, eol)) + v.substring(eol);
                } else if (viewColumn && key.equals("type") && v.equals("double precision")) {
                    v = "numeric"; // EXTRACT's type since 14, date_part's before
                } else if (expressions.contains(key)) {
                    if (o.kind().endsWith("view")) {
                        v = unqualified(v);
                    }
                    if (acrossStandard) {
                        v = bag(v);
                    }
                }
                attributes.put(key, v);
            });
            out.add(new SchemaObject(o.kind(), name, new TreeMap<>(attributes)));
        }
        return SchemaSnapshot.of(out);
    }

    /** Whether a column (table.column) belongs to a view or materialized view of the snapshot. */
    private static boolean ofView(SchemaSnapshot snapshot, String column) {
        int dot = column.lastIndexOf('.');
        String owner = dot < 0 ? column : column.substring(0, dot);
        return snapshot.get("view", owner) != null || snapshot.get("materialized view", owner) != null;
    }

    private static final Pattern IN_MODE = Pattern.compile("([(]|, )IN ");

    static String withoutInMode(String signature) {
        return IN_MODE.matcher(signature).replaceAll("$1");
    }

    /** A string constant, a quoted identifier, or a qualifier: an identifier followed by a dot and a name. */
    private static final Pattern QUALIFIER =
            Pattern.compile("'(?:[^']|'')*'|(?<![\\w$.\"])((?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)\\.)(?=[A-Za-z_\"])"
                    + "|\"(?:[^\"]|\"\")+\"");

    /** The text without the qualifiers of names ({@code t.id} → {@code id}); string constants are left alone. */
    static String unqualified(String sql) {
        Matcher m = QUALIFIER.matcher(sql);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) != null ? "" : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static final Pattern DATE_PART = Pattern.compile("date_part\\('(\\w+)'::text,");
    private static final Pattern CAST = Pattern.compile(
            "::(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)(?:\\s+(?:precision|varying|without time zone|with time zone))?"
                    + "(?:\\(\\d+(?:,\\s*\\d+)?\\))?(?:\\[\\])*");
    private static final Pattern TOKEN = Pattern.compile(
            "'(?:[^']|'')*'|\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*|\\d+(?:\\.\\d+)?|[-+*/<>=~!@#%^&|`?]+");
    /** Words of the SQL-standard syntax and the function names of the older one, mapped to one spelling. */
    private static final Set<String> STANDARD_WORDS =
            Set.of("from", "for", "in", "placing", "both", "leading", "trailing", "at", "time", "zone", "timezone");

    private static final Map<String, String> FUNCTIONS =
            Map.of("date_part", "extract", "btrim", "trim", "ltrim", "trim", "rtrim", "trim");

    /**
     * The expression as a sorted bag of its words, constants, numbers and operators, without casts, parentheses and
     * the SQL-standard functions' keywords: equal for two spellings of the same expression, different for a changed
     * column, constant, operator or function.
     */
    static String bag(String sql) {
        String text = DATE_PART.matcher(sql).replaceAll("extract($1 ,");
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int castEnd = -1;
        Matcher cast = CAST.matcher(text);
        while (m.find()) {
            if (m.start() < castEnd) {
                continue;
            }
            if (m.start() >= 2
                    && text.startsWith("::", m.start() - 2)
                    && cast.find(m.start() - 2)
                    && cast.start() == m.start() - 2) {
                castEnd = cast.end();
                continue;
            }
            String t = m.group();
            if (t.startsWith("'")) {
                tokens.add(t);
                continue;
            }
            t = t.startsWith("\"") ? t.substring(1, t.length() - 1).replace("\"\"", "\"") : t.toLowerCase(Locale.ROOT);
            if (STANDARD_WORDS.contains(t)) {
                continue;
            }
            tokens.add(FUNCTIONS.getOrDefault(t, t));
        }
        tokens.sort(null);
        return String.join(" ", tokens);
    }
}
