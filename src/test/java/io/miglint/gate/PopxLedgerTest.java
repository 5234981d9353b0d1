package io.miglint.gate;

import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * popx's schema_migration on the real server: apply writes one row per file with the full 20-digit version (the
 * .autocommit file's CREATE INDEX CONCURRENTLY only succeeds outside a transaction), status reads them back, a down
 * deletes its row, and a row of pop's legacy 14-digit version counts as applied, as popx reads it.
 */
@Tag("slow")
class PopxLedgerTest {
    static final Path GOOD = GateEndToEndTest.SAMPLES.resolve("popx").resolve("good");

    String db;

    @TempDir
    Path tmp;

    @BeforeEach
    void create() throws SQLException {
        db = GateDatabases.create();
    }

    @AfterEach
    void drop() throws SQLException {
        GateDatabases.drop(db);
    }

    private static List<String> versions(String db) throws SQLException {
        return rows(db, "select version from schema_migration order by version").stream()
                .map(r -> r.get(0))
                .toList();
    }

    @Test
    void applyThenStatusThenDownAgainstSchemaMigration() throws Exception {
        JsonNode before = GateEndToEndTest.status(GOOD, db);
        assertEquals(6, before.get("counts").get("pending").asInt(), before.toString());

        GateDatabases.Run apply = miglint("apply", GOOD.toString(), "--database-url", url(db), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertEquals(
                "version:character varying(48):NO,version_self:integer:NO",
                GateEndToEndTest.columns(db, "schema_migration"));
        assertEquals(
                List.of(
                        List.of("schema_migration_version_idx", "t"),
                        List.of("schema_migration_version_self_idx", "f")),
                rows(
                                db,
                                "select c.relname, i.indisunique::text from pg_index i join pg_class c on c.oid = i.indexrelid "
                                        + "where i.indrelid = 'schema_migration'::regclass order by 1")
                        .stream()
                        .map(r -> List.of(r.get(0), r.get(1).substring(0, 1)))
                        .toList());
        assertEquals(
                List.of(
                        "20240105093000000000",
                        "20240105093100000000",
                        "20240112141400000000",
                        "20240112141500000000",
                        "20240112141600000000",
                        "20240126160000000000"),
                versions(db));
        assertEquals(
                List.of(List.of("t")),
                rows(db, "select indisvalid::text from pg_index where indexrelid = 'orders_user_id_idx'::regclass")
                        .stream()
                        .map(r -> List.of(r.get(0).substring(0, 1)))
                        .toList(),
                "the .autocommit file's concurrent build ran outside a transaction");
        JsonNode after = GateEndToEndTest.status(GOOD, db);
        assertEquals(6, after.get("counts").get("applied").asInt(), after.toString());
        assertTrue(after.get("clean").asBoolean(), after.toString());

        GateDatabases.Run down = miglint("apply", GOOD.toString(), "--database-url", url(db), "--yes", "--down", "1");
        assertEquals(0, down.exit(), down.out() + down.err());
        assertEquals(5, versions(db).size());
        assertEquals(
                1,
                GateEndToEndTest.status(GOOD, db).get("counts").get("pending").asInt());
    }

    @Test
    void aLegacyFourteenDigitRowCountsAsTheVersionsItBegins() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(folder.resolve("20240101000000000000_a.up.sql"), "CREATE TABLE a (id int);\n");
        Files.writeString(folder.resolve("20240101000000000000_a.down.sql"), "DROP TABLE a;\n");
        Files.writeString(folder.resolve("20240101000000000001_b.autocommit.up.sql"), "CREATE TABLE b (id int);\n");
        Files.writeString(folder.resolve("20240101000000000001_b.autocommit.down.sql"), "DROP TABLE b;\n");
        Files.writeString(folder.resolve("20240202000000000000_c.up.sql"), "CREATE TABLE c (id int);\n");
        Files.writeString(folder.resolve("20240202000000000000_c.down.sql"), "DROP TABLE c;\n");
        // what pop's own migrator left: the 14-digit timestamp, in popx's table
        GateDatabases.exec(
                db,
                "create table schema_migration (version varchar (48) not null, version_self int not null default 0);"
                        + "insert into schema_migration (version) values ('20240101000000')");
        JsonNode status = GateEndToEndTest.status(folder, db);
        assertEquals(2, status.get("counts").get("applied").asInt(), status.toString());
        assertEquals(1, status.get("counts").get("pending").asInt(), status.toString());

        GateDatabases.Run apply =
                miglint("apply", folder.toString(), "--database-url", url(db), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertEquals(List.of("20240101000000", "20240202000000000000"), versions(db));
        assertEquals(
                0,
                rows(db, "select 1 from pg_tables where tablename in ('a', 'b')")
                        .size(),
                "not run again");
    }
}
