package io.miglint.gate;

import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.miglint.verify.CatalogReader;
import io.miglint.verify.SchemaDiff;
import io.miglint.verify.SchemaSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbmate itself (the npm package ships its Go binary) and {@code miglint apply} run the dbmate good sample into two
 * scratch databases: schema_migrations must have the same shape and rows, and the application schema the same
 * catalog. dbmate is a tool of the machine: the one on PATH, or the one {@code MIGLINT_DBMATE} names (.ci/run installs
 * the npm package, which ships dbmate's Go binary); skipped, not failed, without it.
 */
@Tag("slow")
class RealDbmateComparisonTest {
    static final Path SAMPLE = GateEndToEndTest.good("dbmate").resolve("db").resolve("migrations");
    static final String TABLE = "schema_migrations";

    String dbmateDb;
    String miglintDb;

    @TempDir
    Path logs;

    @BeforeEach
    void create() throws SQLException {
        dbmateDb = GateDatabases.create();
        miglintDb = GateDatabases.create();
    }

    @AfterEach
    void drop() throws SQLException {
        GateDatabases.drop(dbmateDb);
        GateDatabases.drop(miglintDb);
    }

    record Exec(int exit, String output) {}

    static Exec exec(Path output, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Exec(-1, "timed out: " + String.join(" ", command));
        }
        return new Exec(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private Path installedDbmate() throws InterruptedException {
        String named = System.getenv("MIGLINT_DBMATE");
        Path dbmate = named != null && !named.isBlank() ? Path.of(named) : null;
        if (dbmate == null) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "dbmate"))) {
                    dbmate = Path.of(dir, "dbmate");
                    break;
                }
            }
        }
        assumeTrue(
                dbmate != null && Files.isExecutable(dbmate),
                "dbmate is not installed (on PATH or in "
                        + "MIGLINT_DBMATE; .ci/run installs it with npm), so there is nothing to compare with");
        return dbmate;
    }

    private Exec dbmate(Path dbmate, String db, String... command) throws IOException, InterruptedException {
        return dbmateWith(dbmate, db, "", command);
    }

    private Exec dbmateWith(Path dbmate, String db, String query, String... command)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                dbmate.toString(),
                "--url",
                "postgres://postgres@127.0.0.1:5432/" + db + "?sslmode=disable" + query,
                "--migrations-dir",
                SAMPLE.toString(),
                "--no-dump-schema"));
        args.addAll(List.of(command));
        return exec(logs.resolve("dbmate.log"), args);
    }

    private void assertSameTrackingAndSchema(int expectedRows) throws SQLException {
        TrackingTableShape real = TrackingTableShape.of(dbmateDb, TABLE);
        TrackingTableShape ours = TrackingTableShape.of(miglintDb, TABLE);
        assertFalse(real.columns().isEmpty(), "dbmate created no " + TABLE);
        assertEquals(real, ours);

        String values = "select version from " + TABLE + " order by version";
        List<List<String>> realRows = rows(dbmateDb, values);
        assertEquals(expectedRows, realRows.size(), realRows.toString());
        assertEquals(realRows, rows(miglintDb, values));

        // The tracking tables were compared above; miglint_inflight is miglint's own crash journal, left empty.
        CatalogReader catalog = new CatalogReader(List.of(TABLE, InflightJournal.TABLE));
        SchemaSnapshot realSchema;
        SchemaSnapshot ourSchema;
        try (Connection a = GateDatabases.connect(dbmateDb);
                Connection b = GateDatabases.connect(miglintDb)) {
            realSchema = catalog.read(a);
            ourSchema = catalog.read(b);
        }
        assertTrue(
                realSchema.size() > 5,
                "dbmate's schema is nearly empty: " + realSchema.objects().keySet());
        SchemaDiff diff = SchemaDiff.between(ourSchema, realSchema);
        assertTrue(diff.isEmpty(), diff.render(50));
        if (!rows(miglintDb, "select 1 from pg_tables where tablename = '" + InflightJournal.TABLE + "'")
                .isEmpty()) {
            assertEquals(List.of(), rows(miglintDb, "select * from " + InflightJournal.TABLE));
        }
    }

    /**
     * With search_path in the URL dbmate keeps schema_migrations in that path's first schema, creating the schema when
     * it is missing, and lib/pq sends the search_path, so the migrations' objects go there too: miglint given the
     * same URL writes the same table in the same place, and each reads the other's.
     */
    @Test
    void searchPathPutsTheTableWhereDbmatePutsIt() throws Exception {
        Path dbmate = installedDbmate();
        Exec up = dbmateWith(dbmate, dbmateDb, "&search_path=app", "up");
        assertEquals(0, up.exit(), up.output());
        GateDatabases.Run apply = miglint(
                "apply",
                SAMPLE.toString(),
                "--database-url",
                url(miglintDb) + "?search_path=app",
                "--yes",
                "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        String where = "select table_schema, count(*)::text from information_schema.tables where table_schema in "
                + "('app', 'public') and table_name <> '" + InflightJournal.TABLE + "' group by 1 order by 1";
        List<List<String>> real = rows(dbmateDb, where);
        assertEquals("app", real.get(0).get(0), real.toString());
        assertEquals(1, real.size(), real.toString());
        assertEquals(real, rows(miglintDb, where));
        String values = "select version from app." + TABLE + " order by version";
        assertEquals(6, rows(dbmateDb, values).size());
        assertEquals(rows(dbmateDb, values), rows(miglintDb, values));

        Exec status = dbmateWith(dbmate, miglintDb, "&search_path=app", "status", "--exit-code");
        assertEquals(0, status.exit(), status.output());
        assertTrue(status.output().contains("Pending: 0"), status.output());
        GateDatabases.Run ours = miglint(
                "status", SAMPLE.toString(), "--database-url", url(dbmateDb) + "?search_path=app", "--format", "json");
        JsonNode ourStatus = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ours.out());
        assertEquals(6, ourStatus.get("counts").get("applied").asInt(), ourStatus.toString());
        assertEquals("app.schema_migrations", ourStatus.get("table").asText());
    }

    @Test
    void schemaMigrationsAndSchemaMatchWhatDbmateWrites() throws Exception {
        Path dbmate = installedDbmate();
        Exec up = dbmate(dbmate, dbmateDb, "up");
        assertEquals(0, up.exit(), up.output());
        GateDatabases.Run apply =
                miglint("apply", SAMPLE.toString(), "--database-url", url(miglintDb), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertSameTrackingAndSchema(6);

        // Each tool reads the other's bookkeeping: dbmate finds nothing pending where miglint applied, and miglint's
        // status is clean where dbmate applied.
        Exec status = dbmate(dbmate, miglintDb, "status", "--exit-code");
        assertEquals(0, status.exit(), status.output());
        assertTrue(status.output().contains("Pending: 0"), status.output());
        JsonNode ourStatus = GateEndToEndTest.status(SAMPLE, dbmateDb);
        assertEquals(6, ourStatus.get("counts").get("applied").asInt(), ourStatus.toString());
        assertTrue(ourStatus.get("clean").asBoolean(), ourStatus.toString());

        // The newest migration rolled back by each: dbmate rollback, miglint apply --down 1.
        Exec rollback = dbmate(dbmate, dbmateDb, "rollback");
        assertEquals(0, rollback.exit(), rollback.output());
        GateDatabases.Run down =
                miglint("apply", SAMPLE.toString(), "--database-url", url(miglintDb), "--yes", "--down", "1");
        assertEquals(0, down.exit(), down.out() + down.err());
        assertSameTrackingAndSchema(5);
    }
}
