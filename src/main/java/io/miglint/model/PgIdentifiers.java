package io.miglint.model;

import java.nio.charset.StandardCharsets;

/**
 * How PostgreSQL shortens names: every identifier is cut to its first 63 bytes (NAMEDATALEN - 1) without splitting a
 * character (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS); a name it
 * generates for an unnamed index or constraint is instead built by makeObjectName (src/backend/commands/indexcmds.c),
 * which shortens the longer of its two parts until the label still fits, so {@code t_col_fkey} keeps its suffix.
 */
public final class PgIdentifiers {
    public static final int MAX_BYTES = 63;

    private PgIdentifiers() {}

    public static int bytes(String name) {
        return name == null ? 0 : name.getBytes(StandardCharsets.UTF_8).length;
    }

    /** What PostgreSQL keeps of a name written in SQL. */
    public static String truncated(String name) {
        return clip(name, MAX_BYTES);
    }

    /** makeObjectName(name1, name2, label): {@code name2} may be null (e.g. {@code t_pkey}). */
    public static String generated(String name1, String name2, String label) {
        int overhead = (label == null ? 0 : bytes(label) + 1) + (name2 == null ? 0 : 1);
        int avail = MAX_BYTES - overhead;
        int n1 = bytes(name1);
        int n2 = name2 == null ? 0 : bytes(name2);
        while (n1 + n2 > avail) {
            if (n1 > n2) {
                n1--;
            } else {
                n2--;
            }
        }
        StringBuilder out = new StringBuilder(clip(name1, n1));
        if (name2 != null) {
            out.append('_').append(clip(name2, n2));
        }
        if (label != null) {
            out.append('_').append(label);
        }
        return out.toString();
    }

    /** Whole characters up to {@code max} bytes. */
    private static String clip(String name, int max) {
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int cp : name.codePoints().toArray()) {
            int width = bytes(new String(Character.toChars(cp)));
            if (used + width > max) {
                break;
            }
            kept.appendCodePoint(cp);
            used += width;
        }
        return kept.toString();
    }
}
