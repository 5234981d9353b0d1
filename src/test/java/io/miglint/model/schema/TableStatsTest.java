package io.miglint.model.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.model.QualifiedName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TableStatsTest {
    private static TableStats.Measured table(String schema, String name, Long rows, long bytes) {
        return new TableStats.Measured(
                new QualifiedName(schema, name),
                rows == null ? OptionalLong.empty() : OptionalLong.of(rows),
                bytes,
                OptionalLong.empty());
    }

    private static TableStats stats(TableStats.Threshold threshold, TableStats.Measured... tables) {
        return TableStats.of(
                Instant.parse("2025-06-02T03:00:00Z"), "app", "16.4", Optional.empty(), List.of(tables), threshold);
    }

    @Test
    void smallMeansFewerRowsAndFewerBytesThanTheThreshold() {
        TableStats s = stats(
                TableStats.Threshold.DEFAULT,
                table("public", "tags", 12L, 16_384),
                table("public", "orders", 2_000_000L, 700_000_000),
                table("public", "edge", 10_000L, 1_000_000),
                table("public", "blobs", 500L, 64L * 1024 * 1024),
                table("public", "unanalyzed", null, 8192));
        assertTrue(s.table(QualifiedName.of("tags")).orElseThrow().small());
        assertFalse(s.table(QualifiedName.of("orders")).orElseThrow().small());
        assertFalse(s.table(QualifiedName.of("edge")).orElseThrow().small(), "the threshold itself is not below it");
        assertFalse(s.table(QualifiedName.of("blobs")).orElseThrow().small(), "wide rows: bytes count too");
        assertFalse(s.table(QualifiedName.of("unanalyzed")).orElseThrow().small(), "unknown rows are not few rows");
        assertTrue(s.withThreshold(new TableStats.Threshold(20_000, 1L << 30))
                .table(QualifiedName.of("edge"))
                .orElseThrow()
                .small());
        assertFalse(
                s.withThreshold(new TableStats.Threshold(0, 1L << 30))
                        .table(QualifiedName.of("tags"))
                        .orElseThrow()
                        .small(),
                "small-table-rows: 0 makes nothing small");
    }

    @Test
    void unqualifiedNamesAreTheTablesInPublicAsInTheSchemaModel() {
        TableStats s =
                stats(TableStats.Threshold.DEFAULT, table("public", "tags", 1L, 1), table("audit", "tags", 9L, 1));
        assertEquals(1L, s.table(QualifiedName.of("tags")).orElseThrow().rows().getAsLong());
        assertEquals(
                1L,
                s.table(new QualifiedName("public", "tags"))
                        .orElseThrow()
                        .rows()
                        .getAsLong());
        assertEquals(
                9L,
                s.table(new QualifiedName("audit", "tags")).orElseThrow().rows().getAsLong());
        assertTrue(s.table(new QualifiedName("other", "tags")).isEmpty());
        assertTrue(s.table(QualifiedName.of("missing")).isEmpty(), "not measured: unknown");
        assertTrue(TableStats.NONE.table(QualifiedName.of("tags")).isEmpty());
    }

    @Test
    void keysAreWrittenAsSqlAndReadBack() {
        for (QualifiedName n : List.of(
                new QualifiedName("public", "orders"),
                new QualifiedName("Sales", "Order.Items"),
                new QualifiedName("a b", "x\"y"),
                new QualifiedName("app", "t$1"))) {
            assertEquals(n, TableStats.parseKey(TableStats.key(n)), TableStats.key(n));
        }
        assertEquals("\"Sales\".\"Order.Items\"", TableStats.key(new QualifiedName("Sales", "Order.Items")));
        assertEquals("public.orders", TableStats.key(QualifiedName.of("orders")));
        assertEquals(new QualifiedName("public", "orders"), TableStats.parseKey("orders"));
        assertEquals(new QualifiedName("app", "orders"), TableStats.parseKey("App.Orders"), "folded as SQL folds");
        for (String bad : List.of("", "a.b.c", "a.", "'a'.b", "a b", "\"\".t", "a;drop")) {
            assertThrows(IllegalArgumentException.class, () -> TableStats.parseKey(bad), bad);
        }
    }

    @Test
    void sizesReadAsPostgresqlWritesThem() {
        assertEquals(32L << 20, TableStats.Threshold.parseBytes("32MB"));
        assertEquals(500L << 10, TableStats.Threshold.parseBytes("500kB"));
        assertEquals(1L << 30, TableStats.Threshold.parseBytes("1 GB"));
        assertEquals(1234, TableStats.Threshold.parseBytes("1234"));
        for (String bad : List.of("", "MB", "-1MB", "1.5GB", "12 parsecs", "99999999999TB")) {
            assertThrows(IllegalArgumentException.class, () -> TableStats.Threshold.parseBytes(bad), bad);
        }
    }
}
