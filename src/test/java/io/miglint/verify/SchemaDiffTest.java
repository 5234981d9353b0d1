package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The diff walks two snapshots in step, whatever order the maps they were built from kept. */
class SchemaDiffTest {

    private static SchemaSnapshot snapshot(Comparator<String> order, SchemaObject... objects) {
        TreeMap<String, SchemaObject> map = new TreeMap<>(order);
        for (SchemaObject o : objects) {
            map.put(o.key(), o);
        }
        return new SchemaSnapshot(map);
    }

    @Test
    void snapshotsBuiltFromDifferentlyOrderedMapsDiffByKey() {
        SchemaObject a = SchemaObject.of("table", "a", Map.of());
        SchemaObject b = SchemaObject.of("table", "b", Map.of("comment", "old"));
        SchemaObject b2 = SchemaObject.of("table", "b", Map.of("comment", "new"));
        SchemaObject c = SchemaObject.of("table", "c", Map.of());
        SchemaObject d = SchemaObject.of("table", "d", Map.of());
        SchemaSnapshot actual = snapshot(Comparator.reverseOrder(), a, b2, d);
        SchemaSnapshot expected = snapshot(Comparator.naturalOrder(), a, b, c);
        assertEquals(
                List.of("table b: comment new, expected comment old", "table c missing", "table d left behind"),
                SchemaDiff.between(actual, expected).differences().stream()
                        .map(SchemaDiff.Difference::render)
                        .toList());
        assertTrue(SchemaDiff.between(actual, snapshot(Comparator.naturalOrder(), a, b2, d))
                .isEmpty());
    }

    private static final Instant NOW = Instant.parse("2026-11-21T22:00:05Z");

    @Test
    void definitionsThatDifferOnlyInTimesFrozenMomentsAgoSaySo() {
        String first = "SELECT p.id FROM post p WHERE (p.published < ('2026-11-21 22:00:03.161342'::timestamp without "
                + "time zone - '1 mon'::interval))";
        String second = first.replace("22:00:03.161342", "22:00:04.077021");
        assertTrue(SchemaDiff.onlyRecentTimesDiffer(second, first, NOW));
        assertTrue(SchemaDiff.onlyRecentTimesDiffer(
                "CHECK (due >= '2026-11-21'::date)", "CHECK (due >= '2026-11-22'::date)", NOW));
        // A constant date a migration changed, text that differs besides the time, and nothing to compare.
        assertFalse(SchemaDiff.onlyRecentTimesDiffer(
                "CHECK (d > '2020-01-01'::date)", "CHECK (d > '2021-01-01'::date)", NOW));
        assertFalse(SchemaDiff.onlyRecentTimesDiffer(second.replace("p.id", "p.name"), first, NOW));
        assertFalse(SchemaDiff.onlyRecentTimesDiffer("SELECT 1", "SELECT 2", NOW));
        assertFalse(SchemaDiff.onlyRecentTimesDiffer(first, first, NOW));

        // Rendered, against the clock: two views stored moments apart today.
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String rendered = new SchemaDiff.Difference(
                        "view",
                        "recent",
                        "definition",
                        second.replace("2026-11-21", today),
                        first.replace("2026-11-21", today))
                .render();
        assertTrue(
                rendered.endsWith("(only dates or times of the last day differ: a 'now' or 'today' literal is "
                        + "frozen when the definition is stored, see frozen-time-literal)"),
                rendered);
    }

    private static String advice(SchemaObject after, SchemaObject before) {
        SchemaSnapshot actual =
                after == null ? snapshot(Comparator.naturalOrder()) : snapshot(Comparator.naturalOrder(), after);
        SchemaSnapshot expected =
                before == null ? snapshot(Comparator.naturalOrder()) : snapshot(Comparator.naturalOrder(), before);
        String a = SchemaDiff.between(actual, expected).advice();
        return a.substring(a.indexOf("Here: ") + "Here: ".length());
    }

    /** The help of verify-down-incomplete names the statement that undoes the first difference. */
    @Test
    void adviceNamesTheStatementThatUndoesTheDifference() {
        assertEquals(
                "`DROP SEQUENCE billing.ticket_seq;`",
                advice(SchemaObject.of("sequence", "billing.ticket_seq", Map.of()), null));
        assertEquals(
                "`ALTER TABLE calls DROP COLUMN duration;`",
                advice(SchemaObject.of("column", "calls.duration", Map.of("type", "integer")), null));
        assertEquals(
                "`DROP TRIGGER audit ON billing.calls;`",
                advice(SchemaObject.of("trigger", "billing.calls.audit", Map.of()), null));
        assertEquals(
                "`ALTER TABLE calls ALTER COLUMN duration SET DEFAULT 60;`",
                advice(
                        SchemaObject.of("column", "calls.duration", Map.of("type", "integer")),
                        SchemaObject.of("column", "calls.duration", Map.of("type", "integer", "default", "60"))));
        assertEquals(
                "`ALTER TABLE calls ALTER COLUMN duration DROP DEFAULT;`",
                advice(
                        SchemaObject.of("column", "calls.duration", Map.of("type", "integer", "default", "60")),
                        SchemaObject.of("column", "calls.duration", Map.of("type", "integer"))));
        assertEquals(
                "`ALTER TABLE calls ALTER COLUMN duration SET NOT NULL;`",
                advice(
                        SchemaObject.of("column", "calls.duration", Map.of("type", "integer")),
                        SchemaObject.of(
                                "column", "calls.duration", Map.of("type", "integer", "not null", "not null"))));
        assertEquals(
                "create index calls_by_day again, as it was before the up.",
                advice(null, SchemaObject.of("index", "calls_by_day", Map.of("definition", "CREATE INDEX …"))));
        assertTrue(advice(
                        SchemaObject.of("enum", "mood", Map.of("labels", "'sad', 'ok', 'meh'")),
                        SchemaObject.of("enum", "mood", Map.of("labels", "'sad', 'ok'")))
                .startsWith("PostgreSQL cannot remove a value from an enum"));
        // Two differences: the advice starts with the first.
        SchemaSnapshot after = snapshot(
                Comparator.naturalOrder(),
                SchemaObject.of("extension", "fuzzystrmatch", Map.of()),
                SchemaObject.of("sequence", "s", Map.of()));
        assertTrue(SchemaDiff.between(after, snapshot(Comparator.naturalOrder()))
                .advice()
                .endsWith(" First: `DROP EXTENSION fuzzystrmatch;`"));
    }
}
