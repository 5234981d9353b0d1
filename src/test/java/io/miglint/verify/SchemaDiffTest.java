package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(List.of("table b: comment new, expected comment old", "table c missing",
                        "table d left behind"),
                SchemaDiff.between(actual, expected).differences().stream().map(SchemaDiff.Difference::render)
                        .toList());
        assertTrue(SchemaDiff.between(actual, snapshot(Comparator.naturalOrder(), a, b2, d)).isEmpty());
    }
}
