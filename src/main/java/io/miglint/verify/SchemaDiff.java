package io.miglint.verify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structural difference between an actual and an expected snapshot, as readable sentences:
 * "column calls.duration: default 60, expected no default", "sequence ticket_number_seq left behind",
 * "table users missing". Objects are compared by kind, name and attributes; order never matters.
 */
public record SchemaDiff(List<Difference> differences) {

    /** One difference; {@code attribute} is null when a whole object is missing or left behind. */
    public record Difference(String kind, String name, String attribute, String actual, String expected) {
        public String render() {
            if (attribute == null) {
                return kind + " " + name + (actual != null ? " left behind" : " missing");
            }
            return kind + " " + name + ": " + describe(attribute, actual, expected) + ", expected "
                    + describe(attribute, expected, actual)
                    + (onlyRecentTimesDiffer(actual, expected, Instant.now())
                            ? " (only dates or times of the last day differ: a 'now' or 'today' literal is frozen when the "
                                    + "definition is stored, see frozen-time-literal)"
                            : "");
        }

        /** Whether the object is there on both sides and differs only in date/time literals of the last day. */
        public boolean onlyFrozenTimeDiffers() {
            return attribute != null && onlyRecentTimesDiffer(actual, expected, Instant.now());
        }
    }

    /** A date or timestamp literal as PostgreSQL's deparsers print one (ISO, time zone fixed by the reader). */
    private static final Pattern TIME_LITERAL = Pattern.compile(
            "'(\\d{4}-\\d{2}-\\d{2})(?:[ T](\\d{2}:\\d{2}:\\d{2})(?:\\.\\d+)?(?:[+-]\\d{2}(?::?\\d{2})?)?)?'");

    /**
     * Whether two values are the same text but for date or timestamp literals, all of them within a day of
     * {@code now}: what storing {@code 'now'::timestamp} or {@code 'today'::date} at two moments of one verification
     * gives, as opposed to a migration that changes a constant date.
     */
    static boolean onlyRecentTimesDiffer(String a, String b, Instant now) {
        if (a == null || b == null || a.equals(b)) {
            return false;
        }
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        String[] masked = new String[2];
        String[] values = {a, b};
        for (int i = 0; i < 2; i++) {
            Matcher m = TIME_LITERAL.matcher(values[i]);
            StringBuilder sb = new StringBuilder();
            boolean any = false;
            while (m.find()) {
                LocalDate date;
                try {
                    date = LocalDate.parse(m.group(1));
                } catch (DateTimeParseException e) {
                    return false;
                }
                if (date.isBefore(today.minusDays(1)) || date.isAfter(today.plusDays(1))) {
                    return false;
                }
                any = true;
                m.appendReplacement(sb, "'…'");
            }
            if (!any) {
                return false;
            }
            m.appendTail(sb);
            masked[i] = sb.toString();
        }
        return masked[0].equals(masked[1]);
    }

    /** How an attribute reads when it is absent: "no default", "nullable". */
    private static final Map<String, String> ABSENT = Map.of(
            "not null",
            "nullable",
            "not valid",
            "validated",
            "validity",
            "valid",
            "state",
            "enabled",
            "persistence",
            "permanent");

    private static final int SNIPPET = 48;

    /** This diff without the differences in objects that {@code other} names (by kind and name). */
    public SchemaDiff without(SchemaDiff other) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        Set<String> named = new java.util.HashSet<>();
        other.differences().forEach(d -> named.add(d.kind() + " " + d.name()));
        return new SchemaDiff(differences.stream()
                .filter(d -> !named.contains(d.kind() + " " + d.name()))
                .toList());
    }

    public static SchemaDiff between(SchemaSnapshot actual, SchemaSnapshot expected) {
        // Both maps are sorted by key: one merge walk. Incremental snapshots share the objects nothing changed, so
        // most pairs are the same instance.
        List<Difference> out = new ArrayList<>();
        Iterator<Map.Entry<String, SchemaObject>> as =
                actual.objects().entrySet().iterator();
        Iterator<Map.Entry<String, SchemaObject>> es =
                expected.objects().entrySet().iterator();
        Map.Entry<String, SchemaObject> ae = as.hasNext() ? as.next() : null;
        Map.Entry<String, SchemaObject> ee = es.hasNext() ? es.next() : null;
        while (ae != null || ee != null) {
            int order = ae == null ? 1 : ee == null ? -1 : ae.getKey().compareTo(ee.getKey());
            SchemaObject a = ae == null ? null : ae.getValue();
            SchemaObject e = ee == null ? null : ee.getValue();
            if (order > 0) {
                out.add(new Difference(e.kind(), e.name(), null, null, ee.getKey()));
                ee = es.hasNext() ? es.next() : null;
            } else if (order < 0) {
                out.add(new Difference(a.kind(), a.name(), null, ae.getKey(), null));
                ae = as.hasNext() ? as.next() : null;
            } else {
                if (a != e && !a.attributes().equals(e.attributes())) {
                    Set<String> attrs = new TreeSet<>(a.attributes().keySet());
                    attrs.addAll(e.attributes().keySet());
                    for (String attr : attrs) {
                        String av = a.attribute(attr);
                        String ev = e.attribute(attr);
                        if (!Objects.equals(av, ev)) {
                            out.add(new Difference(a.kind(), a.name(), attr, av, ev));
                        }
                    }
                }
                ae = as.hasNext() ? as.next() : null;
                ee = es.hasNext() ? es.next() : null;
            }
        }
        return new SchemaDiff(List.copyOf(out));
    }

    public boolean isEmpty() {
        return differences.isEmpty();
    }

    /** At most {@code limit} differences joined by "; ", then "and N more". */
    /**
     * What the down should do, for {@code verify-down-incomplete}: the general rule, and the statement that undoes
     * the first difference where one statement does.
     */
    public String advice() {
        String general = "Undo every change of the up in the down, in reverse order; objects the up creates "
                + "implicitly (sequences, indexes, types) need dropping too.";
        String fix = differences.isEmpty() ? null : fix(differences.get(0));
        return fix == null ? general : general + (differences.size() > 1 ? " First: " : " Here: ") + fix;
    }

    private static final Map<String, String> DROP = Map.ofEntries(
            Map.entry("table", "DROP TABLE"),
            Map.entry("foreign table", "DROP FOREIGN TABLE"),
            Map.entry("view", "DROP VIEW"),
            Map.entry("materialized view", "DROP MATERIALIZED VIEW"),
            Map.entry("sequence", "DROP SEQUENCE"),
            Map.entry("index", "DROP INDEX"),
            Map.entry("type", "DROP TYPE"),
            Map.entry("enum", "DROP TYPE"),
            Map.entry("range type", "DROP TYPE"),
            Map.entry("domain", "DROP DOMAIN"),
            Map.entry("function", "DROP FUNCTION"),
            Map.entry("procedure", "DROP PROCEDURE"),
            Map.entry("aggregate", "DROP AGGREGATE"),
            Map.entry("window function", "DROP FUNCTION"),
            Map.entry("extension", "DROP EXTENSION"),
            Map.entry("schema", "DROP SCHEMA"));

    /** One statement that undoes the difference, as advice; null where it takes more than one. */
    private static String fix(Difference d) {
        int dot = d.name().lastIndexOf('.');
        String owner = dot > 0 ? d.name().substring(0, dot) : null;
        String part = dot > 0 ? d.name().substring(dot + 1) : d.name();
        if (d.attribute() == null) {
            if (d.actual() == null) {
                return "create " + d.kind() + " " + d.name() + " again, as it was before the up.";
            }
            if (DROP.containsKey(d.kind())) {
                return "`" + DROP.get(d.kind()) + " " + d.name() + ";`";
            }
            return switch (d.kind()) {
                case "column" -> owner == null ? null : "`ALTER TABLE " + owner + " DROP COLUMN " + part + ";`";
                case "constraint" -> owner == null ? null : "`ALTER TABLE " + owner + " DROP CONSTRAINT " + part + ";`";
                case "trigger" -> owner == null ? null : "`DROP TRIGGER " + part + " ON " + owner + ";`";
                case "policy" -> owner == null ? null : "`DROP POLICY " + part + " ON " + owner + ";`";
                default -> null;
            };
        }
        if (d.kind().equals("column") && owner != null) {
            String alter = "`ALTER TABLE " + owner + " ALTER COLUMN " + part;
            switch (d.attribute()) {
                case "default":
                    return d.expected() == null
                            ? alter + " DROP DEFAULT;`"
                            : alter + " SET DEFAULT " + d.expected() + ";`";
                case "not null":
                    return alter + (d.expected() == null ? " DROP NOT NULL;`" : " SET NOT NULL;`");
                case "type":
                    return d.expected() == null ? null : alter + " TYPE " + d.expected() + ";`";
                default:
                    break;
            }
        }
        if (d.kind().equals("enum")
                && d.attribute().equals("labels")
                && d.actual() != null
                && d.expected() != null
                && d.actual().startsWith(d.expected())) {
            return "PostgreSQL cannot remove a value from an enum, so the down has to replace the type: rename it, "
                    + "create it again with " + d.expected() + ", convert the columns that use it (`USING "
                    + "column::text::" + d.name() + "`) and drop the renamed one; or leave the value and accept that "
                    + "this up is not undone.";
        }
        if (d.attribute().equals("definition")) {
            return "recreate " + d.kind() + " " + d.name() + " with the definition it had before the up.";
        }
        return null;
    }

    public String render(int limit) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < differences.size() && i < limit; i++) {
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(differences.get(i).render());
        }
        if (differences.size() > limit) {
            sb.append("; and ").append(differences.size() - limit).append(" more");
        }
        return sb.toString();
    }

    private static String describe(String attribute, String value, String other) {
        if (value == null) {
            return ABSENT.getOrDefault(attribute, "no " + attribute);
        }
        if (value.equals(attribute)) {
            return value;
        }
        return attribute + " " + snippet(value, other);
    }

    /** Long values (function bodies, view definitions) are shown around their first difference, on one line. */
    private static String snippet(String value, String other) {
        String flat = value.replaceAll("\\s+", " ").strip();
        if (flat.length() <= SNIPPET) {
            return flat;
        }
        String otherFlat = other == null ? "" : other.replaceAll("\\s+", " ").strip();
        int d = 0;
        while (d < flat.length() && d < otherFlat.length() && flat.charAt(d) == otherFlat.charAt(d)) {
            d++;
        }
        int from = Math.max(0, Math.min(d - SNIPPET / 4, flat.length() - SNIPPET));
        int to = Math.min(flat.length(), from + SNIPPET);
        return (from > 0 ? "…" : "") + flat.substring(from, to) + (to < flat.length() ? "…" : "");
    }
}
