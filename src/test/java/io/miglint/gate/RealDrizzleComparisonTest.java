package io.miglint.gate;

import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.miglint.verify.CatalogReader;
import io.miglint.verify.SchemaDiff;
import io.miglint.verify.SchemaSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drizzle-orm's own migrate() (node-postgres) and {@code miglint apply} run one Drizzle Kit folder into two scratch
 * databases: drizzle.__drizzle_migrations must have the same shape and rows, and the application schema the same
 * catalog; then each reads the other's bookkeeping. The npm packages are tools of the machine: {@code
 * MIGLINT_DRIZZLE} names the node_modules holding drizzle-orm and pg (.ci/run installs them); skipped, not failed,
 * without them or without node.
 */
@Tag("slow")
class RealDrizzleComparisonTest {
    static final String JOURNAL = """
            {
              "version": "7",
              "dialect": "postgresql",
              "entries": [
                {
                  "idx": 0,
                  "version": "7",
                  "when": 1739697832964,
                  "tag": "0000_careless_black_knight",
                  "breakpoints": true
                },
                {
                  "idx": 1,
                  "version": "7",
                  "when": 1739773751302,
                  "tag": "0001_foamy_dakota_north",
                  "breakpoints": true
                },
                {
                  "idx": 2,
                  "version": "7",
                  "when": 1739776634326,
                  "tag": "0002_previous_xavin",
                  "breakpoints": true
                }
              ]
            }
            """;

    @TempDir
    Path tmp;

    String realDb;
    String miglintDb;

    @BeforeEach
    void create() throws SQLException {
        realDb = GateDatabases.create();
        miglintDb = GateDatabases.create();
    }

    @AfterEach
    void drop() throws SQLException {
        GateDatabases.drop(realDb);
        GateDatabases.drop(miglintDb);
    }

    private Path modules() {
        String named = System.getenv("MIGLINT_DRIZZLE");
        Path modules = named == null || named.isBlank() ? null : Path.of(named);
        assumeTrue(
                modules != null
                        && Files.isDirectory(modules.resolve("drizzle-orm"))
                        && Files.isDirectory(modules.resolve("pg")),
                "drizzle-orm and pg are not installed (MIGLINT_DRIZZLE names their node_modules; .ci/run installs "
                        + "them with npm), so there is nothing to compare with");
        return modules;
    }

    private Path folder() throws IOException {
        Path m = tmp.resolve("drizzle");
        Files.createDirectories(m.resolve("meta"));
        Files.writeString(m.resolve("meta/_journal.json"), JOURNAL);
        Files.writeString(
                m.resolve("0000_careless_black_knight.sql"),
                "CREATE TABLE \"users\" (\n\t\"id\" serial PRIMARY KEY NOT NULL,\n\t\"email\" text NOT NULL\n);\n"
                        + "--> statement-breakpoint\n"
                        + "CREATE UNIQUE INDEX \"users_email_idx\" ON \"users\" USING btree (\"email\");");
        // a piece of two statements and a marker at the end of a line, as drizzle-kit writes them; non-ASCII text
        // is hashed as drizzle hashes it
        Files.writeString(
                m.resolve("0001_foamy_dakota_north.sql"),
                "ALTER TABLE \"users\" ADD COLUMN \"name\" text DEFAULT 'Zoë';--> statement-breakpoint\n"
                        + "CREATE TABLE \"posts\" (\"id\" serial PRIMARY KEY, \"user_id\" integer);\n"
                        + "ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_user_id_fk\" FOREIGN KEY (\"user_id\") "
                        + "REFERENCES \"users\"(\"id\");");
        Files.writeString(
                m.resolve("0002_previous_xavin.sql"),
                "CREATE TYPE \"public\".\"status\" AS ENUM('draft', 'published');--> statement-breakpoint\n"
                        + "ALTER TABLE \"posts\" ADD COLUMN \"status\" \"status\" DEFAULT 'draft' NOT NULL;");
        return m;
    }

    private RealDbmateComparisonTest.Exec drizzleMigrate(Path modules, String db, Path folder) throws Exception {
        Path script = tmp.resolve("migrate.cjs");
        try (InputStream in = getClass().getResourceAsStream("/drizzle/migrate.cjs")) {
            Files.write(script, in.readAllBytes());
        }
        ProcessBuilder pb = new ProcessBuilder(
                        "node", script.toString(), "postgres://postgres@127.0.0.1:5432/" + db, folder.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("node.log").toFile());
        pb.environment().put("NODE_PATH", modules.toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            assumeTrue(false, "node is not installed: " + e.getMessage());
            throw e;
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new RealDbmateComparisonTest.Exec(-1, "timed out");
        }
        return new RealDbmateComparisonTest.Exec(p.exitValue(), Files.readString(tmp.resolve("node.log")));
    }

    @Test
    void trackingRowsAndSchemaMatchWhatDrizzleWrites() throws Exception {
        Path modules = modules();
        Path folder = folder();
        RealDbmateComparisonTest.Exec real = drizzleMigrate(modules, realDb, folder);
        assertEquals(0, real.exit(), real.output());
        GateDatabases.Run apply =
                miglint("apply", folder.toString(), "--database-url", url(miglintDb), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());

        TrackingTableShape realShape = TrackingTableShape.of(realDb, "drizzle", "__drizzle_migrations");
        assertFalse(realShape.columns().isEmpty(), "drizzle created no drizzle.__drizzle_migrations");
        assertEquals(realShape, TrackingTableShape.of(miglintDb, "drizzle", "__drizzle_migrations"));
        String values = "select id::text, hash, created_at::text from drizzle.__drizzle_migrations order by id";
        List<List<String>> realRows = rows(realDb, values);
        assertEquals(3, realRows.size(), realRows::toString);
        assertEquals(realRows, rows(miglintDb, values));

        CatalogReader catalog = new CatalogReader(List.of("__drizzle_migrations", InflightJournal.TABLE));
        SchemaSnapshot realSchema;
        SchemaSnapshot ourSchema;
        try (Connection a = GateDatabases.connect(realDb);
                Connection b = GateDatabases.connect(miglintDb)) {
            realSchema = catalog.read(a);
            ourSchema = catalog.read(b);
        }
        assertTrue(
                realSchema.size() > 5,
                () -> "drizzle's schema is nearly empty: "
                        + realSchema.objects().keySet());
        SchemaDiff diff = SchemaDiff.between(ourSchema, realSchema);
        assertTrue(diff.isEmpty(), diff.render(50));

        // each reads the other's table: drizzle finds nothing pending where miglint applied, miglint's status is
        // clean where drizzle applied
        RealDbmateComparisonTest.Exec again = drizzleMigrate(modules, miglintDb, folder);
        assertEquals(0, again.exit(), again.output());
        assertEquals(realRows, rows(miglintDb, values));
        JsonNode status = GateEndToEndTest.status(folder, realDb);
        assertEquals(3, status.get("counts").get("applied").asInt(), status::toString);
        assertTrue(status.get("clean").asBoolean(), status::toString);
    }

    /**
     * A journal entry older than the newest recorded one is never run by drizzle-orm (it compares created_at with
     * the entry's when), and miglint's apply leaves it too; the gate says so.
     */
    @Test
    void anEntryOlderThanTheNewestAppliedIsLeftAsDrizzleLeavesIt() throws Exception {
        Path modules = modules();
        Path folder = folder();
        assertEquals(0, drizzleMigrate(modules, realDb, folder).exit());
        assertEquals(
                0,
                miglint("apply", folder.toString(), "--database-url", url(miglintDb), "--yes", "--skip-gate")
                        .exit());
        String late = JOURNAL.replace(
                "\n  ]",
                ",\n    {\n      \"idx\": 3,\n      \"version\": \"7\",\n      \"when\": 1739700000000,\n"
                        + "      \"tag\": \"0003_late_branch\",\n      \"breakpoints\": true\n    }\n  ]");
        Files.writeString(folder.resolve("meta/_journal.json"), late);
        Files.writeString(folder.resolve("0003_late_branch.sql"), "CREATE TABLE \"late\" (\"id\" integer);");
        assertEquals(0, drizzleMigrate(modules, realDb, folder).exit());
        GateDatabases.Run apply =
                miglint("apply", folder.toString(), "--database-url", url(miglintDb), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        String late_ = "select count(*)::text from pg_tables where tablename = 'late'";
        assertEquals(List.of(List.of("0")), rows(realDb, late_));
        assertEquals(rows(realDb, late_), rows(miglintDb, late_));
        JsonNode status = GateEndToEndTest.status(folder, miglintDb);
        assertEquals(1, status.get("counts").get("out-of-order").asInt(), status::toString);
        GateDatabases.Run gate = miglint("gate", folder.toString(), "--database-url", url(miglintDb));
        assertNotEquals(0, gate.exit(), gate.out() + gate.err());
    }

    /** The journal's three files: 0000 makes the enum status and users, 0001 and 0002 as given. */
    private Path enumFolder(String second, String third) throws IOException {
        Path folder = folder();
        Files.writeString(
                folder.resolve("0000_careless_black_knight.sql"),
                "CREATE TYPE \"public\".\"status\" AS ENUM('draft', 'published');--> statement-breakpoint\n"
                        + "CREATE TABLE \"users\" (\"id\" serial PRIMARY KEY NOT NULL);");
        Files.writeString(folder.resolve("0001_foamy_dakota_north.sql"), second);
        Files.writeString(folder.resolve("0002_previous_xavin.sql"), third);
        return folder;
    }

    /**
     * drizzle-orm runs every pending migration in one transaction: an enum value 0001 adds and 0002 uses fails there
     * ("unsafe use of new value"), and the failure takes 0000 and 0001 back with it. miglint's apply fails on the same
     * statement and leaves the database as drizzle leaves it: no table, no tracking row.
     */
    @Test
    void aFailureRollsBackEveryPendingMigrationAsDrizzleDoes() throws Exception {
        Path modules = modules();
        Path folder = enumFolder(
                "ALTER TYPE \"public\".\"status\" ADD VALUE 'archived';",
                "CREATE TABLE \"posts\" (\"id\" serial PRIMARY KEY, \"status\" \"status\" DEFAULT 'archived');");
        RealDbmateComparisonTest.Exec real = drizzleMigrate(modules, realDb, folder);
        assertNotEquals(0, real.exit(), real.output());
        assertTrue(real.output().contains("Failed query: CREATE TABLE \"posts\""), real.output());
        GateDatabases.Run apply =
                miglint("apply", folder.toString(), "--database-url", url(miglintDb), "--yes", "--skip-gate");
        assertNotEquals(0, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.err().contains("unsafe use of new value"), apply.err());
        assertTrue(apply.err().contains("the 2 migrations before it rolled back with it"), apply.err());
        for (String db : List.of(realDb, miglintDb)) {
            assertEquals(
                    List.of(List.of("0")),
                    rows(db, "select count(*)::text from pg_tables where tablename in ('users', 'posts')"),
                    db);
            assertEquals(
                    List.of(List.of("0")), rows(db, "select count(*)::text from drizzle.__drizzle_migrations"), db);
        }
    }

    /** A script's own COMMIT ends drizzle's transaction: what ran before it stays when a later migration fails. */
    @Test
    void aScriptsOwnCommitKeepsWhatRanBeforeItAsDrizzleDoes() throws Exception {
        Path modules = modules();
        Path folder = enumFolder(
                "ALTER TYPE \"public\".\"status\" ADD VALUE 'archived';--> statement-breakpoint\nCOMMIT;",
                "CREATE TABLE \"posts\" (\"id\" serial PRIMARY KEY, \"user_id\" integer REFERENCES \"nobody\");");
        RealDbmateComparisonTest.Exec real = drizzleMigrate(modules, realDb, folder);
        assertNotEquals(0, real.exit(), real.output());
        GateDatabases.Run apply =
                miglint("apply", folder.toString(), "--database-url", url(miglintDb), "--yes", "--skip-gate");
        assertNotEquals(0, apply.exit(), apply.out() + apply.err());
        String tables = "select tablename::text from pg_tables where tablename in ('users', 'posts') order by 1";
        String values = "select hash, created_at::text from drizzle.__drizzle_migrations order by id";
        assertEquals(List.of(List.of("users")), rows(realDb, tables));
        assertEquals(rows(realDb, tables), rows(miglintDb, tables));
        assertEquals(2, rows(realDb, values).size(), "0000 before the COMMIT, 0001 in autocommit after it");
        assertEquals(rows(realDb, values), rows(miglintDb, values));
    }
}
