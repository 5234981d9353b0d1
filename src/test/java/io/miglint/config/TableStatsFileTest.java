package io.miglint.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.model.QualifiedName;
import io.miglint.model.schema.TableStats;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableStatsFileTest {
    @TempDir
    Path tmp;

    @Test
    void whatIsWrittenReadsBackTheSame() throws Exception {
        TableStats written = TableStats.of(
                Instant.parse("2025-06-02T03:00:00.123456Z"),
                "app",
                "16.4",
                Optional.of(Instant.parse("2025-01-01T00:00:00Z")),
                List.of(
                        new TableStats.Measured(
                                new QualifiedName("public", "orders"),
                                OptionalLong.of(2_104_331),
                                734_003_200L,
                                OptionalLong.of(51_234)),
                        new TableStats.Measured(
                                new QualifiedName("Sales", "Order.Items"),
                                OptionalLong.empty(),
                                0,
                                OptionalLong.empty())),
                TableStats.Threshold.DEFAULT);
        StringWriter out = new StringWriter();
        TableStatsFile.write(written, out);
        assertTrue(out.toString().contains("\"\\\"Sales\\\".\\\"Order.Items\\\"\": {"), out.toString());
        assertTrue(out.toString().contains("\"public.orders\": {"), out.toString());
        Path file = tmp.resolve("stats.json");
        Files.writeString(file, out.toString());
        TableStats read = TableStatsFile.read(file, "stats.json", new TableStats.Threshold(3_000_000, 1L << 40));
        assertEquals(written.taken(), read.taken());
        assertEquals("app", read.database());
        assertEquals("16.4", read.serverVersion());
        assertEquals(written.statsReset(), read.statsReset());
        assertEquals(written.measured(), read.measured());
        assertTrue(read.table(QualifiedName.of("orders")).orElseThrow().small(), "judged by the reader's threshold");
        assertFalse(
                read.table(new QualifiedName("Sales", "Order.Items"))
                        .orElseThrow()
                        .small(),
                "rows unknown");
    }
}
