package io.miglint.gate;

import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every layout's good sample against the real server: apply, status, down, gate; the tracking table's column types
 * as the tool creates them; edits after apply for the checksum layouts; drift after a manual ALTER TABLE.
 */
@Tag("slow")
class GateEndToEndTest {
    static final Path SAMPLES =
            Path.of(System.getProperty("miglint.projectDir", ".")).resolve("migrations-samples");
    static final String ENGINE_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

    /** column name:type of each tool's table, as the tools' own DDL creates it. */
    static final Map<String, String> TABLE_COLUMNS = Map.of(
            "golang-migrate", "version:bigint:NO,dirty:boolean:NO",
            "dbmate", "version:character varying:NO",
            "sqlx",
                    "version:bigint:NO,description:text:NO,installed_on:timestamp with time zone:NO,"
                            + "success:boolean:NO,checksum:bytea:NO,execution_time:bigint:NO",
            "diesel", "version:character varying(50):NO,run_on:timestamp without time zone:NO",
            "flyway",
                    "installed_rank:integer:NO,version:character varying(50):YES,"
                            + "description:character varying(200):NO,type:character varying(20):NO,"
                            + "script:character varying(1000):NO,checksum:integer:YES,installed_by:character varying(100):NO,"
                            + "installed_on:timestamp without time zone:NO,execution_time:integer:NO,success:boolean:NO",
            "numbered", "name:text:NO,applied_at:timestamp with time zone:NO",
            "rollback-suffix", "migration_name:text:NO,checksum:text:NO,applied_at:timestamp with time zone:NO");

    static final Map<String, String> TABLES = Map.of(
            "golang-migrate",
            "schema_migrations",
            "dbmate",
            "schema_migrations",
            "sqlx",
            "_sqlx_migrations",
            "diesel",
            "__diesel_schema_migrations",
            "flyway",
            "flyway_schema_history",
            "numbered",
            "migrations",
            "rollback-suffix",
            "schema_migrations");

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

    static Path good(String layout) {
        return SAMPLES.resolve(layout).resolve("good");
    }

    static JsonNode status(Path folder, String db) throws IOException {
        GateDatabases.Run r = miglint("status", folder.toString(), "--database-url", url(db), "--format", "json");
        return new ObjectMapper().readTree(r.out());
    }

    static String columns(String db, String table) throws SQLException {
        return String.join(
                ",",
                rows(
                                db,
                                "select column_name || ':' || format_type(atttypid, atttypmod) || ':' "
                                        + "|| is_nullable from information_schema.columns c join pg_attribute a on a.attrelid = ('public.' "
                                        + "|| table_name)::regclass and a.attname = c.column_name where table_name = '"
                                        + table
                                        + "' and table_schema = 'public' order by ordinal_position")
                        .stream()
                        .map(r -> r.get(0))
                        .toList());
    }

    /** Every relation of the target's public schema with its kind and file node (a rewrite changes the node). */
    private static final String PUBLIC_RELATIONS = "select c.relname, c.relkind::text, c.relfilenode::text "
            + "from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' order by 1";

    @ParameterizedTest
    @ValueSource(strings = {"golang-migrate", "dbmate", "sqlx", "diesel", "flyway", "numbered", "rollback-suffix"})
    void applyStatusDownAndGateOnTheGoodSample(String layout) throws Exception {
        Path folder = good(layout);
        JsonNode before = status(folder, db);
        assertEquals(6, before.get("counts").get("pending").asInt(), before.toString());
        assertEquals(false, before.get("tableExists").asBoolean());

        GateDatabases.Run gate = miglint(
                "gate",
                folder.toString(),
                "--database-url",
                url(db),
                "--engine",
                "url",
                "--engine-url",
                ENGINE_SERVER,
                "--format",
                "json");
        assertEquals(0, gate.exit(), gate.out() + gate.err());
        assertTrue(
                gate.err()
                        .strip()
                        .lines()
                        .reduce((a, b) -> b)
                        .orElse("")
                        .startsWith("miglint gate: PASS, the pending migrations may go ("),
                gate.err());
        // The gate is read-only on the target: it created nothing there, not even the tracking table.
        assertEquals(false, status(folder, db).get("tableExists").asBoolean(), "gate wrote to the target");
        assertEquals(List.of(), rows(db, PUBLIC_RELATIONS), "gate created relations on the target");

        GateDatabases.Run apply =
                miglint("apply", folder.toString(), "--database-url", url(db), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.out().contains("Applied 6 migration(s)"), apply.out());
        String table = TABLES.get(layout);
        assertEquals(TABLE_COLUMNS.get(layout), columns(db, table));
        JsonNode after = status(folder, db);
        assertEquals(6, after.get("counts").get("applied").asInt(), after.toString());
        assertTrue(after.get("clean").asBoolean());
        assertEquals(
                1,
                rows(
                                db,
                                "select 1 from pg_indexes where indexname = 'orders_user_id_idx' "
                                        + "or indexdef like '%orders%user_id%' limit 1")
                        .size());

        GateDatabases.Run again =
                miglint("apply", folder.toString(), "--database-url", url(db), "--yes", "--skip-gate");
        assertTrue(again.out().contains("Nothing to apply"), again.out());

        List<List<String>> relationsBefore = rows(db, PUBLIC_RELATIONS);
        List<List<String>> trackingBefore = rows(db, "select * from " + table + " order by 1");
        GateDatabases.Run gateAfter = miglint(
                "gate",
                folder.toString(),
                "--database-url",
                url(db),
                "--engine",
                "url",
                "--engine-url",
                ENGINE_SERVER,
                "--format",
                "markdown");
        assertEquals(0, gateAfter.exit(), gateAfter.out() + gateAfter.err());
        assertEquals(relationsBefore, rows(db, PUBLIC_RELATIONS), "gate changed the target's relations");
        assertEquals(
                trackingBefore, rows(db, "select * from " + table + " order by 1"), "gate changed the tracking table");

        if (!layout.equals("numbered")) {
            GateDatabases.Run down =
                    miglint("apply", folder.toString(), "--database-url", url(db), "--yes", "--down", "2");
            assertEquals(0, down.exit(), down.out() + down.err());
            JsonNode afterDown = status(folder, db);
            assertEquals(4, afterDown.get("counts").get("applied").asInt(), afterDown.toString());
            assertEquals(2, afterDown.get("counts").get("pending").asInt());
            assertEquals(
                    0,
                    rows(
                                    db,
                                    "select 1 from information_schema.columns where table_name = 'users' "
                                            + "and column_name = 'display_name'")
                            .size());
            GateDatabases.Run reapply =
                    miglint("apply", folder.toString(), "--database-url", url(db), "--yes", "--skip-gate");
            assertEquals(0, reapply.exit(), reapply.out() + reapply.err());
            assertTrue(status(folder, db).get("clean").asBoolean());
        }

        GateDatabases.exec(db, "alter table users add column nickname text");
        GateDatabases.Run drift = miglint(
                "gate",
                folder.toString(),
                "--database-url",
                url(db),
                "--engine",
                "url",
                "--engine-url",
                ENGINE_SERVER,
                "--format",
                "text");
        assertEquals(1, drift.exit(), drift.out() + drift.err());
        assertTrue(drift.out().contains("[schema-drift]") && drift.out().contains("nickname"), drift.out());
        assertTrue(
                drift.err()
                        .strip()
                        .lines()
                        .reduce((a, b) -> b)
                        .orElse("")
                        .startsWith("miglint gate: FAIL, findings at or above --fail-on ("),
                drift.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlx", "flyway", "rollback-suffix"})
    void anEditAfterApplyIsDetected(String layout) throws Exception {
        Path copy = tmp.resolve(layout);
        copyTree(good(layout), copy);
        GateDatabases.Run apply = miglint(
                "apply",
                copy.toString(),
                "--database-url",
                url(db),
                "--yes",
                "--skip-gate",
                "--to",
                layout.equals("flyway") ? "2" : layout.equals("sqlx") ? "20240105093100" : "20240105_093100");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        Path edited;
        try (Stream<Path> files = Files.walk(copy)) {
            edited = files.filter(p -> p.getFileName()
                            .toString()
                            .matches("(V1__|20240105093000_|20240105_093000_)" + "create_users_table(\\.up)?\\.sql"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.writeString(edited, Files.readString(edited) + "\n-- reviewed\n");
        JsonNode s = status(copy, db);
        assertEquals(1, s.get("counts").get("edited").asInt(), s.toString());
        GateDatabases.Run st = miglint("status", copy.toString(), "--database-url", url(db));
        assertEquals(1, st.exit());
        GateDatabases.Run gate = miglint(
                "gate", copy.toString(), "--database-url", url(db), "--engine", "url", "--engine-url", ENGINE_SERVER);
        assertEquals(1, gate.exit(), gate.out() + gate.err());
        assertTrue(gate.out().contains("[gate-edited]"), gate.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dbmate", "numbered"})
    void outOfOrderAndMissingLocallyAreReported(String layout) throws Exception {
        Path copy = tmp.resolve(layout);
        copyTree(good(layout), copy);
        Path folder;
        try (Stream<Path> files = Files.walk(copy)) {
            folder = files.filter(p -> p.getFileName().toString().contains("create_orders_user_id_index")
                            && !p.getFileName().toString().endsWith(".conf"))
                    .findFirst()
                    .orElseThrow();
        }
        Path hidden = tmp.resolve("hidden.sql");
        Files.move(folder, hidden);
        GateDatabases.Run apply = miglint(
                "apply", copy.toString(), "--database-url", url(db), "--yes", "--skip-gate", "--layout", layout);
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        Files.move(hidden, folder);
        JsonNode s = status(copy, db);
        assertEquals(1, s.get("counts").get("out-of-order").asInt(), s.toString());
        Files.delete(folder);
        try (Stream<Path> files = Files.walk(copy)) {
            Path users = files.filter(p -> p.getFileName().toString().contains("add_users_display_name"))
                    .findFirst()
                    .orElseThrow();
            Files.delete(users);
        }
        JsonNode s2 = status(copy, db);
        assertEquals(1, s2.get("counts").get("missing-locally").asInt(), s2.toString());
    }

    /**
     * The replay of the applied history runs as the unprivileged runner like the verifier: an old migration edited
     * after it was applied (golang-migrate keeps no checksum) cannot run a program on the release host.
     */
    @org.junit.jupiter.api.Test
    void theReplayOfAnEditedAppliedMigrationRunsWithoutSuperuser() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("edited"));
        Files.writeString(folder.resolve("1_users.up.sql"), "create table users (id int);\n");
        Files.writeString(folder.resolve("1_users.down.sql"), "drop table users;\n");
        GateDatabases.Run apply = miglint(
                "apply",
                folder.toString(),
                "--database-url",
                url(db),
                "--yes",
                "--skip-gate",
                "--layout",
                "golang-migrate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        Path marker = tmp.resolve("pwned-by-replay");
        Files.writeString(
                folder.resolve("1_users.up.sql"),
                "create table users (id int);\n" + "copy (select 1) to program 'touch " + marker + "';\n");
        GateDatabases.Run gate = miglint(
                "gate",
                folder.toString(),
                "--database-url",
                url(db),
                "--engine",
                "url",
                "--engine-url",
                ENGINE_SERVER,
                "--layout",
                "golang-migrate");
        assertTrue(!Files.exists(marker), "the replay ran COPY … TO PROGRAM on the host");
        assertEquals(1, gate.exit(), gate.out() + gate.err());
        assertTrue(gate.out().contains("[gate-failed]") && gate.out().contains("must be superuser"), gate.out());
    }

    /**
     * A pending migration that detaches partitions (one concurrently, alone in its file) of a partitioned table the
     * applied history created: the gate passes, and the replay's schema matches the target's.
     */
    @org.junit.jupiter.api.Test
    void pendingDetachPartitionPasses() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("partitions"));
        Files.writeString(
                folder.resolve("1_events.up.sql"),
                "create table events (k int not null, v int)"
                        + " partition by list (k);\ncreate index events_v on events (v);\n"
                        + "create function events_seen() returns trigger language plpgsql as $$ begin return new; end $$;\n"
                        + "create trigger events_seen after insert on events for each row execute function events_seen();\n"
                        + "create table events_1 partition of events for values in (1);\n"
                        + "create table events_2 partition of events for values in (2);\n");
        Files.writeString(folder.resolve("1_events.down.sql"), "drop table events;\ndrop function events_seen();\n");
        GateDatabases.Run apply = miglint(
                "apply",
                folder.toString(),
                "--database-url",
                url(db),
                "--yes",
                "--skip-gate",
                "--layout",
                "golang-migrate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        Files.writeString(folder.resolve("2_detach.up.sql"), "alter table events detach partition events_1;\n");
        Files.writeString(
                folder.resolve("2_detach.down.sql"),
                "alter table events attach partition events_1 for values in (1);\n");
        Files.writeString(
                folder.resolve("3_detach.up.sql"), "alter table events detach partition events_2 concurrently;\n");
        Files.writeString(
                folder.resolve("3_detach.down.sql"),
                "alter table events attach partition events_2 for values in (2);\n"
                        + "alter table events_2 drop constraint events_2_k_check;\n");
        GateDatabases.Run gate = miglint(
                "gate",
                folder.toString(),
                "--database-url",
                url(db),
                "--engine",
                "url",
                "--engine-url",
                ENGINE_SERVER,
                "--layout",
                "golang-migrate");
        assertEquals(0, gate.exit(), gate.out() + gate.err());
        // Applied, the detach is history the next gate replays; the replay's schema is the target's.
        apply = miglint(
                "apply",
                folder.toString(),
                "--database-url",
                url(db),
                "--yes",
                "--skip-gate",
                "--layout",
                "golang-migrate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        gate = miglint(
                "gate",
                folder.toString(),
                "--database-url",
                url(db),
                "--engine",
                "url",
                "--engine-url",
                ENGINE_SERVER,
                "--layout",
                "golang-migrate");
        assertEquals(0, gate.exit(), gate.out() + gate.err());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
