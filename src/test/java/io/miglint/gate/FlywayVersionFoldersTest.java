package io.miglint.gate;

import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flyway location whose scripts live in version folders ({@code 2.31/}, {@code 2.32/}, as DHIS2 keeps them): Flyway
 * scans the location recursively, so it is one sequence with one history. Migrated by Flyway 11 and by
 * {@code miglint apply}, the two histories are the same rows (the script column holds the path relative to the
 * location), and status reads Flyway's history of the folder as clean.
 */
@Tag("slow")
class FlywayVersionFoldersTest {
    static final String ROWS = "select installed_rank::text, version, description, type, script, checksum::text, "
            + "success::text from flyway_schema_history order by installed_rank";

    @TempDir
    Path folder;

    String flywayDb;
    String miglintDb;

    @BeforeEach
    void setUp() throws Exception {
        flywayDb = GateDatabases.create();
        miglintDb = GateDatabases.create();
        write("2.31/V2_31_1__Create_users.sql", "create table users (id bigint primary key, name text);\n");
        write("2.31/V2_31_2__add_email.sql", "alter table users add column email text;\n");
        write("2.32/V2_32_1__create_orders.sql", "create table orders (id bigint primary key, user_id bigint);\n");
    }

    @AfterEach
    void tearDown() throws SQLException {
        GateDatabases.drop(flywayDb);
        GateDatabases.drop(miglintDb);
    }

    private void write(String name, String text) throws Exception {
        Files.createDirectories(folder.resolve(name).getParent());
        Files.writeString(folder.resolve(name), text);
    }

    @Test
    void oneHistoryForTheWholeLocation() throws Exception {
        Flyway flyway = Flyway.configure()
                .dataSource(GateDatabases.SERVER + flywayDb, "postgres", "")
                .locations("filesystem:" + folder)
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .load();
        assertEquals(3, flyway.migrate().migrationsExecuted);

        GateDatabases.Run apply =
                miglint("apply", folder.toString(), "--database-url", url(miglintDb), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        List<List<String>> flywayRows = rows(flywayDb, ROWS);
        assertEquals("2.32/V2_32_1__create_orders.sql", flywayRows.get(2).get(4));
        assertEquals(flywayRows, rows(miglintDb, ROWS));

        GateDatabases.Run status =
                miglint("status", folder.toString(), "--database-url", url(flywayDb), "--format", "json");
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertTrue(json.get("clean").asBoolean(), json.toString());
        assertEquals(3, json.get("counts").get("applied").asInt(), json.toString());
    }

    @Test
    void aScriptWithoutDescriptionIsAVersionAndACallbackIsNoMigration() throws Exception {
        // Dataverse's V6.1.0.6.sql and afterMigrate__x.sql: Flyway runs the first as version 6.1.0.6 (empty
        // description) and the second after every migrate, outside its history
        write("2.32/V2.33.sql", "alter table orders add column total numeric;\n");
        write("afterMigrate__refresh.sql", "select 1;\n");
        Flyway flyway = Flyway.configure()
                .dataSource(GateDatabases.SERVER + flywayDb, "postgres", "")
                .locations("filesystem:" + folder)
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .load();
        assertEquals(4, flyway.migrate().migrationsExecuted);

        GateDatabases.Run apply =
                miglint("apply", folder.toString(), "--database-url", url(miglintDb), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        List<List<String>> flywayRows = rows(flywayDb, ROWS);
        List<String> noDescription = flywayRows.get(3);
        assertEquals(
                List.of("2.33", "", "2.32/V2.33.sql"),
                List.of(noDescription.get(1), noDescription.get(2), noDescription.get(4)));
        assertEquals(flywayRows, rows(miglintDb, ROWS));

        GateDatabases.Run check = miglint("check", folder.toString(), "--format", "json", "--fail-on", "never");
        assertEquals(0, check.exit(), check.out() + check.err());
        JsonNode findings = new ObjectMapper().readTree(check.out()).get("findings");
        for (JsonNode f : findings) {
            String rule = f.get("ruleId").asText();
            assertTrue(!rule.equals("unrecognized-file") && !rule.equals("migration-filename"), f.toString());
        }
    }

    @Test
    void aConcurrentBuildRunsUnderFlywayOnceItsLockIsNotTransactional() throws Exception {
        // The helps' Flyway way out: a script of only CREATE INDEX CONCURRENTLY runs without a transaction, and with
        // flyway.postgresql.transactional.lock=false it completes (with the default it waits for ever on Flyway's
        // own lock, which the helps say)
        write("2.33/V2_33_1__index_orders.sql", "create index concurrently orders_user_id_idx on orders (user_id);\n");
        Flyway flyway = Flyway.configure()
                .dataSource(GateDatabases.SERVER + flywayDb, "postgres", "")
                .locations("filesystem:" + folder)
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .load();
        assertEquals(4, flyway.migrate().migrationsExecuted);
        assertEquals(
                List.of(List.of("1")),
                rows(flywayDb, "select count(*)::text from pg_indexes where indexname = 'orders_user_id_idx'"));
    }
}
