package io.miglint.model;

import java.util.List;
import java.util.Set;

/**
 * Which ALTER COLUMN TYPE changes PostgreSQL performs without touching the rows: the new type is binary-coercible
 * from the old and any typmod change only widens (the length/precision "support functions" of varchar, numeric and
 * timestamp say so; https://www.postgresql.org/docs/current/sql-altertable.html, Notes, and
 * https://www.postgresql.org/docs/current/datatype.html). Everything else rewrites the table and its indexes.
 * timestamp → timestamptz skips the rewrite on 12+ only when the session time zone is UTC, which a migration cannot
 * promise, so it counts as a rewrite.
 */
public final class TypeChangeCost {
    private static final Set<String> TEXT_LIKE = Set.of("varchar", "text");
    private static final Set<String> TIMESTAMPS = Set.of("timestamp", "timestamptz");

    private TypeChangeCost() {}

    public static boolean rewritesRows(TypeRef from, TypeRef to) {
        if (from.array() != to.array()) {
            return true;
        }
        String a = from.name();
        String b = to.name();
        List<String> ma = from.modifiers();
        List<String> mb = to.modifiers();
        if (a.equals(b) && ma.equals(mb)) {
            return false;
        }
        if (from.array()) {
            return true;
        }
        if (TEXT_LIKE.contains(a) && TEXT_LIKE.contains(b)) {
            // varchar(n) → varchar(m ≥ n), any varchar → text, text → varchar without a length.
            return b.equals("varchar") && !mb.isEmpty() && (ma.isEmpty() || !widens(ma.get(0), mb.get(0)));
        }
        if (a.equals("numeric") && b.equals("numeric")) {
            if (mb.isEmpty()) {
                return false;
            }
            return ma.isEmpty() || !scale(ma).equals(scale(mb)) || !widens(ma.get(0), mb.get(0));
        }
        if (TIMESTAMPS.contains(a) && a.equals(b)) {
            return !mb.isEmpty() && (ma.isEmpty() || !widens(ma.get(0), mb.get(0)));
        }
        return !(a.equals("cidr") && b.equals("inet"));
    }

    /**
     * Whether a value of {@code from} may not fit {@code to}: a shorter varchar, a smaller integer type, a numeric
     * with less precision or scale. Such a change fails on the first row that does not fit.
     */
    public static boolean narrows(TypeRef from, TypeRef to) {
        if (from.array() != to.array()) {
            return false;
        }
        String a = from.name();
        String b = to.name();
        List<String> ma = from.modifiers();
        List<String> mb = to.modifiers();
        if (TEXT_LIKE.contains(a) && TEXT_LIKE.contains(b)) {
            return b.equals("varchar") && !mb.isEmpty() && (ma.isEmpty() || !widens(ma.get(0), mb.get(0)));
        }
        if (INTEGERS.containsKey(a) && INTEGERS.containsKey(b)) {
            return INTEGERS.get(b) < INTEGERS.get(a);
        }
        if (a.equals("numeric") && b.equals("numeric")) {
            return !mb.isEmpty() && (ma.isEmpty() || !widens(ma.get(0), mb.get(0)) || !widens(scale(ma), scale(mb)));
        }
        return false;
    }

    private static final java.util.Map<String, Integer> INTEGERS =
            java.util.Map.of("smallint", 2, "smallserial", 2, "integer", 4, "serial", 4, "bigint", 8, "bigserial", 8);

    private static String scale(List<String> modifiers) {
        return modifiers.size() > 1 ? modifiers.get(1).trim() : "0";
    }

    private static boolean widens(String from, String to) {
        try {
            return Integer.parseInt(to.trim()) >= Integer.parseInt(from.trim());
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
