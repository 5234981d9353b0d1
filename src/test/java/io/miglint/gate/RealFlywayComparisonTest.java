package io.miglint.gate;

import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.miglint.verify.CatalogReader;
import io.miglint.verify.SchemaDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway itself and {@code miglint apply} run the same versioned scripts into two scratch databases; their
 * flyway_schema_history must agree in every column's type, every index and constraint, and every row's values
 * (installed_rank, version, description, type, script, the CRC32 checksum, installed_by, success). Only
 * execution_time and installed_on are times, so for them only presence is compared.
 */
class RealFlywayComparisonTest {
    static final Path SAMPLE = GateEndToEndTest.good("flyway").resolve("migrations");
    static final String TABLE = "flyway_schema_history";

    String flywayDb;
    String miglintDb;

    @TempDir
    Path versionedOnly;

    @BeforeEach
    void create() throws SQLException {
        flywayDb = GateDatabases.create();
        miglintDb = GateDatabases.create();
    }

    @AfterEach
    void drop() throws SQLException {
        GateDatabases.drop(flywayDb);
        GateDatabases.drop(miglintDb);
    }

    @Test
    void historyTableAndRowsMatchWhatFlywayWrites() throws Exception {
        copyVersionedScripts();
        var result = flyway(flywayDb).migrate();
        assertEquals(6, result.migrationsExecuted);

        GateDatabases.Run apply =
                miglint("apply", versionedOnly.toString(), "--database-url", url(miglintDb), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());

        TrackingTableShape flyway = TrackingTableShape.of(flywayDb, TABLE);
        TrackingTableShape ours = TrackingTableShape.of(miglintDb, TABLE);
        assertFalse(flyway.columns().isEmpty(), "Flyway created no " + TABLE);
        assertEquals(flyway.columns(), ours.columns());
        assertEquals(flyway.indexes(), ours.indexes());
        assertEquals(flyway.constraints(), ours.constraints());
        assertEquals(flyway.comment(), ours.comment());

        String values = "select installed_rank::text, version, description, type, script, checksum::text, "
                + "installed_by, success::text, (execution_time >= 0)::text, (installed_on is not null)::text "
                + "from " + TABLE + " order by installed_rank";
        List<List<String>> flywayRows = rows(flywayDb, values);
        assertEquals(6, flywayRows.size(), flywayRows.toString());
        // V3's checksum must be Flyway's own: the row proves the CRC32 over a script with a .conf beside it.
        assertNotNull(flywayRows.get(2).get(5));
        assertEquals(flywayRows, rows(miglintDb, values));

        // Each tool accepts the other's history: Flyway validates miglint's rows (checksums, descriptions, types)
        // and finds nothing pending; miglint's status is clean where Flyway migrated.
        Flyway onOurs = flyway(miglintDb);
        var validation = onOurs.validateWithResult();
        assertTrue(validation.validationSuccessful, validation.getAllErrorMessages());
        assertEquals(0, onOurs.info().pending().length);
        JsonNode ourStatus = GateEndToEndTest.status(versionedOnly, flywayDb);
        assertEquals(6, ourStatus.get("counts").get("applied").asInt(), ourStatus.toString());
        assertTrue(ourStatus.get("clean").asBoolean(), ourStatus.toString());

        CatalogReader catalog = new CatalogReader(List.of(TABLE, InflightJournal.TABLE));
        try (Connection a = GateDatabases.connect(flywayDb);
                Connection b = GateDatabases.connect(miglintDb)) {
            SchemaDiff diff = SchemaDiff.between(catalog.read(b), catalog.read(a));
            assertTrue(diff.isEmpty(), diff.render(50));
        }
    }

    private Flyway flyway(String db) {
        return Flyway.configure()
                .dataSource(GateDatabases.SERVER + db, "postgres", "")
                .locations("filesystem:" + versionedOnly)
                // By default Flyway holds its advisory lock in an open transaction on a second connection, and
                // CREATE INDEX CONCURRENTLY waits for every open transaction, so V3 would wait on Flyway itself
                // until the sample's lock_timeout (flyway/flyway#3854). This switch is Flyway's documented way out.
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .load();
    }

    /**
     * Flyway community refuses undo (U) scripts, so only the V scripts and their .conf files (Flyway reads
     * {@code executeInTransaction} from them: https://documentation.red-gate.com/fd/script-configuration-184127603.html)
     * go to the folder both tools run.
     */
    private void copyVersionedScripts() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLE)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("V"))
                    .toList()) {
                Files.copy(f, versionedOnly.resolve(f.getFileName()));
            }
        }
    }
}
