package io.miglint.gate;

import static io.miglint.gate.GateDatabases.exec;
import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code miglint apply}, status and force on a Prisma folder write and read _prisma_migrations as Prisma does. */
class PrismaLedgerTest {
    @TempDir
    Path tmp;

    String db;

    @BeforeEach
    void create() throws SQLException {
        db = GateDatabases.create();
    }

    @AfterEach
    void drop() throws SQLException {
        GateDatabases.drop(db);
    }

    private Path folder() throws Exception {
        Path m = tmp.resolve("migrations");
        write(m.resolve("migration_lock.toml"), "provider = \"postgresql\"\n");
        write(
                m.resolve("20240101000000_init/migration.sql"),
                "-- CreateTable\nCREATE TABLE \"traces\" (\"id\" TEXT NOT NULL, \"user_id\" TEXT);\n");
        // alone in its migration.sql the CONCURRENTLY build runs: Prisma sends the file as one query, no BEGIN
        write(
                m.resolve("20240102000000_traces_user_id_idx/migration.sql"),
                "CREATE INDEX CONCURRENTLY \"traces_user_id_idx\" ON \"traces\" (\"user_id\");\n");
        return m;
    }

    private static void write(Path p, String text) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private GateDatabases.Run apply(Path m) {
        return miglint("apply", m.toString(), "--database-url", url(db), "--yes", "--skip-gate");
    }

    @Test
    void applyWritesPrismasRowsAndALoneConcurrentlyBuildRuns() throws Exception {
        Path m = folder();
        GateDatabases.Run r = apply(m);
        assertEquals(0, r.exit(), r.out() + r.err());
        List<List<String>> rows = rows(
                db,
                "select migration_name, checksum, finished_at is not null, rolled_back_at is null, "
                        + "applied_steps_count::text, logs is null, length(id)::text from _prisma_migrations "
                        + "order by started_at");
        assertEquals(2, rows.size(), rows::toString);
        String init = Files.readString(m.resolve("20240101000000_init/migration.sql"));
        assertEquals(List.of("20240101000000_init", sha256(init), "t", "t", "1", "t", "36"), rows.get(0));
        assertEquals("20240102000000_traces_user_id_idx", rows.get(1).get(0));
        assertEquals(
                List.of(List.of("t")),
                rows(
                        db,
                        "select indisvalid::text::char from pg_index where indexrelid = 'traces_user_id_idx'::regclass"));
        JsonNode status = GateEndToEndTest.status(m, db);
        assertEquals(2, status.get("counts").get("applied").asInt(), status::toString);
        assertEquals("public._prisma_migrations", status.get("table").asText());
    }

    @Test
    void aFailedMigrationIsPrismasFailedStateAndForceMarksItRolledBack() throws Exception {
        Path m = folder();
        write(
                m.resolve("20240103000000_broken/migration.sql"),
                "ALTER TABLE \"traces\" ADD COLUMN \"x\" no_such_type;\n");
        GateDatabases.Run r = apply(m);
        assertNotEquals(0, r.exit(), r.out() + r.err());
        List<List<String>> failed = rows(
                db,
                "select finished_at is null, rolled_back_at is null, applied_steps_count::text, logs "
                        + "from _prisma_migrations where migration_name = '20240103000000_broken'");
        assertEquals(1, failed.size());
        assertEquals(List.of("t", "t", "0"), failed.get(0).subList(0, 3));
        assertTrue(failed.get(0).get(3).contains("no_such_type"), failed::toString);
        JsonNode status = GateEndToEndTest.status(m, db);
        assertEquals(1, status.get("counts").get("failed").asInt(), status::toString);
        assertFalse(status.get("clean").asBoolean());

        GateDatabases.Run force = miglint("force", "20240103000000_broken", m.toString(), "--database-url", url(db));
        assertEquals(0, force.exit(), force.out() + force.err());
        assertEquals(
                List.of(List.of("f")),
                rows(
                        db,
                        "select (rolled_back_at is null)::text::char from _prisma_migrations "
                                + "where migration_name = '20240103000000_broken'"));
        write(m.resolve("20240103000000_broken/migration.sql"), "ALTER TABLE \"traces\" ADD COLUMN \"x\" text;\n");
        r = apply(m);
        assertEquals(0, r.exit(), r.out() + r.err());
        // the rolled-back row stays, as Prisma keeps it; a new finished row records the run that worked
        assertEquals(
                List.of(List.of("f", "t"), List.of("t", "f")),
                rows(
                        db,
                        "select (rolled_back_at is null)::text::char, (finished_at is null)::text::char "
                                + "from _prisma_migrations where migration_name = '20240103000000_broken' order by started_at"));
        assertTrue(GateEndToEndTest.status(m, db).get("clean").asBoolean());
    }

    @Test
    void checksumsMatchAcrossLineEndingsAsPrismaMatchesThem() throws Exception {
        Path m = folder();
        assertEquals(0, apply(m).exit());
        // the file checked out with CRLF line endings: Prisma still takes it for the one it applied
        Path init = m.resolve("20240101000000_init/migration.sql");
        Files.writeString(init, Files.readString(init).replace("\n", "\r\n"));
        JsonNode status = GateEndToEndTest.status(m, db);
        assertTrue(status.get("clean").asBoolean(), status::toString);
        // a real edit is one
        Files.writeString(init, Files.readString(init) + "-- edited\n");
        status = GateEndToEndTest.status(m, db);
        assertEquals(1, status.get("counts").get("edited").asInt(), status::toString);
        exec(
                db,
                "update _prisma_migrations set checksum = 'abc' "
                        + "where migration_name = '20240102000000_traces_user_id_idx'");
        assertEquals(
                2, GateEndToEndTest.status(m, db).get("counts").get("edited").asInt());
        assertTrue(PrismaLedger.matches("hello", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
        // schema engines before prisma-engines#1887 stored each byte's hex without its leading zero
        String old = unpaddedSha("hello");
        assertTrue(old.length() < 64, old);
        assertTrue(PrismaLedger.matches("hello", old));
        assertFalse(PrismaLedger.matches("hello!", old));
    }

    private static String unpaddedSha(String text) throws Exception {
        StringBuilder b = new StringBuilder();
        for (byte x : MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))) {
            b.append(Integer.toHexString(x & 0xff));
        }
        return b.toString();
    }
}
