package io.miglint.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code miglint table-stats} on the real server, then {@code check} with what it wrote: of two existing tables, only
 * the one the stats show large gets the index build and unique constraint findings.
 */
class TableStatsEndToEndTest {
    static String db;
    static final String ROLE = "miglint_stats_reader";

    @TempDir
    Path tmp;

    @BeforeAll
    static void database() throws Exception {
        db = GateDatabases.create();
        GateDatabases.exec(db, """
                create table big (id bigint primary key, x int);
                insert into big select g, g % 1000 from generate_series(1, 20000) g;
                create table small (id bigint primary key, x int);
                insert into small values (1, 1), (2, 2), (3, 3), (4, 4), (5, 5);
                create schema "Sales";
                create table "Sales"."Order Items" (id int);
                create table parted (id int, x int) partition by range (id);
                create table parted_low partition of parted for values from (0) to (100);
                create table parted_high partition of parted for values from (100) to (100000);
                insert into parted select g, g from generate_series(1, 30000) g;
                analyze;
                """);
        try (var c = GateDatabases.connect("postgres");
                var st = c.createStatement()) {
            st.execute("drop role if exists " + ROLE);
            // Nothing but LOGIN: no grant on any table, no pg_read_all_stats, no pg_monitor.
            st.execute("create role " + ROLE + " login nosuperuser nocreatedb nocreaterole");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        GateDatabases.drop(db);
        try (var c = GateDatabases.connect("postgres");
                var st = c.createStatement()) {
            st.execute("drop role if exists " + ROLE);
        }
    }

    @Test
    void onlyTheTableTheStatsShowLargeIsReported() throws Exception {
        Path stats = tmp.resolve("ci/table-stats.json");
        GateDatabases.Run measured;
        try (var session = GateDatabases.connect(db);
                var st = session.createStatement()) {
            st.execute("create temporary table scratch (id int)"); // another session's, while it measures
            measured = GateDatabases.miglint("table-stats", "--db", GateDatabases.url(db), "--out", stats.toString());
        }
        assertEquals(0, measured.exit(), measured.toString());
        assertEquals("", measured.out(), "the JSON went to the file");
        JsonNode json = new ObjectMapper().readTree(Files.readString(stats));
        assertEquals(1, json.get("tableStatsVersion").asInt());
        assertEquals(db, json.get("database").asText());
        assertTrue(json.get("serverVersion").asText().matches("\\d+(\\.\\d+)?.*"), json.toString());
        assertFalse(json.get("taken").asText().isEmpty());
        JsonNode tables = json.get("tables");
        assertTrue(tables.get("public.big").get("rows").asLong() >= 20_000, tables.toString());
        assertTrue(tables.get("public.big").get("bytes").asLong() > 0, tables.toString());
        assertTrue(tables.get("public.big").get("writes").asLong() >= 20_000, tables.toString());
        assertTrue(tables.get("public.small").get("rows").asLong() < 100, tables.toString());
        assertTrue(tables.has("\"Sales\".\"Order Items\""), tables.toString());
        // A partitioned table is the sum of its partitions, which are listed too; temporary tables are not.
        long parts = tables.get("public.parted_low").get("rows").asLong()
                + tables.get("public.parted_high").get("rows").asLong();
        assertEquals(parts, tables.get("public.parted").get("rows").asLong(), tables.toString());
        assertTrue(tables.get("public.parted").get("bytes").asLong() > 0, tables.toString());
        assertFalse(tables.toString().contains("scratch"), tables.toString());

        Path dir = tmp.resolve("db/migrations");
        Files.createDirectories(dir);
        pair(dir, "1_index_big", "create index big_x on big (x);", "drop index big_x;");
        pair(dir, "2_index_small", "create index small_x on small (x);", "drop index small_x;");
        pair(
                dir,
                "3_unique_big",
                "alter table big add constraint big_x_key unique (id, x);",
                "alter table big drop constraint big_x_key;");
        pair(
                dir,
                "4_unique_small",
                "alter table small add constraint small_x_key unique (id, x);",
                "alter table small drop constraint small_x_key;");
        Files.writeString(tmp.resolve(".miglint.yaml"), "table-stats: ci/table-stats.json\n");

        List<String> costFindings = new ArrayList<>();
        GateDatabases.Run check = GateDatabases.miglint(
                "check", dir.toString(), "--layout", "golang-migrate", "--format", "json", "--fail-on", "never");
        assertEquals(0, check.exit(), check.toString());
        for (JsonNode f : new ObjectMapper().readTree(check.out()).get("findings")) {
            String id = f.get("ruleId").asText();
            if (id.equals("require-concurrent-index") || id.equals("add-unique-constraint")) {
                costFindings.add(id + "@" + f.get("migration").get("name").asText());
            }
        }
        assertEquals(List.of("require-concurrent-index@index_big", "add-unique-constraint@unique_big"), costFindings);

        // Without the stats both tables are reported.
        Files.delete(tmp.resolve(".miglint.yaml"));
        GateDatabases.Run without = GateDatabases.miglint(
                "check", dir.toString(), "--layout", "golang-migrate", "--format", "compact", "--fail-on", "never");
        assertTrue(
                without.out().contains("building index small_x")
                        && without.out().contains("small_x_key"),
                without.out());
    }

    @Test
    void aRoleWithNothingButLoginMeasuresEveryTable() throws Exception {
        GateDatabases.Run r =
                GateDatabases.miglint("table-stats", "--database-url", "postgres://" + ROLE + "@127.0.0.1:5432/" + db);
        assertEquals(0, r.exit(), r.toString());
        JsonNode tables = new ObjectMapper().readTree(r.out()).get("tables");
        assertTrue(tables.get("public.big").get("rows").asLong() >= 20_000, r.out());
        assertTrue(tables.get("public.big").get("bytes").asLong() > 0, r.out());
        assertTrue(tables.get("public.small").get("writes").asLong() > 0, r.out());
    }

    @Test
    void aTableAMigrationHoldsLockedIsSizedWithoutWaitingForIt() throws Exception {
        try (var migration = GateDatabases.connect(db);
                var st = migration.createStatement()) {
            migration.setAutoCommit(false);
            st.execute("lock table big in access exclusive mode");
            GateDatabases.Run r = GateDatabases.miglint("table-stats", "--db", GateDatabases.url(db));
            assertEquals(0, r.exit(), r.toString());
            JsonNode big = new ObjectMapper().readTree(r.out()).get("tables").get("public.big");
            assertTrue(big.get("rows").asLong() >= 20_000, r.out());
            assertTrue(big.get("bytes").asLong() > 0, "its pages as of the last ANALYZE: " + r.out());
            migration.rollback();
        }
    }

    @Test
    void aServerThatCannotBeReachedIsOneLineAndExitFour() {
        GateDatabases.Run r = GateDatabases.miglint(
                "table-stats",
                "--db",
                "postgres://postgres:s3cr3t@127.0.0.1:1/" + db,
                "-o",
                tmp.resolve("out.json").toString());
        assertEquals(4, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(
                r.err().startsWith("miglint: cannot use the database postgres://postgres:***@127.0.0.1:1/"), r.err());
        assertFalse(r.err().contains("s3cr3t") || r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(tmp.resolve("out.json")));

        GateDatabases.Run noDb = GateDatabases.miglint(
                "table-stats", "--db", "postgres://postgres@127.0.0.1:5432/miglint_no_such_database");
        assertEquals(4, noDb.exit(), noDb.toString());
        assertTrue(noDb.err().contains("does not exist"), noDb.err());
    }

    private static void pair(Path dir, String name, String up, String down) throws Exception {
        Files.writeString(dir.resolve(name + ".up.sql"), up);
        Files.writeString(dir.resolve(name + ".down.sql"), down);
    }
}
