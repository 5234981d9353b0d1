package io.miglint.gate;

import static io.miglint.gate.GateDatabases.exec;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway's repeatable migrations ({@code R__}) through status, gate, apply and force, against Flyway 11 itself: the
 * same folder migrated by Flyway and by {@code miglint apply} gives the same flyway_schema_history rows (version
 * NULL, description, script, CRC32 checksum, in the same installed_rank order: versioned first, then the
 * repeatables by description), a changed repeatable runs again after the versioned migrations, and each tool accepts
 * the other's history.
 */
@Tag("slow")
class FlywayRepeatableTest {
    static final String TABLE = "flyway_schema_history";
    static final String ROWS = "select installed_rank::text, version, description, type, script, checksum::text, "
            + "installed_by, success::text from " + TABLE + " order by installed_rank";

    @TempDir
    Path folder;

    String flywayDb;
    String miglintDb;

    @BeforeEach
    void setUp() throws Exception {
        flywayDb = GateDatabases.create();
        miglintDb = GateDatabases.create();
        write("V1__create_users.sql", "create table users (id bigint primary key, name text);\n");
        write("V2__create_orders.sql", "create table orders (id bigint primary key, user_id bigint);\n");
        // By description "a c" (a space) sorts before "a-b"; by file name R__a-b.sql comes first. The view needs the
        // function, so only Flyway's order runs both on an empty database.
        write(
                "R__a_c.sql",
                "create or replace function user_label(n text) returns text language sql immutable "
                        + "as $$ select upper(n) $$;\n");
        write(
                "R__a-b.sql",
                "create or replace view user_labels as select id, user_label(name) as label " + "from users;\n");
    }

    @AfterEach
    void tearDown() throws SQLException {
        GateDatabases.drop(flywayDb);
        GateDatabases.drop(miglintDb);
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(folder.resolve(name), text);
    }

    private Flyway flyway(String db) {
        return Flyway.configure()
                .dataSource(GateDatabases.SERVER + db, "postgres", "")
                .locations("filesystem:" + folder)
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .load();
    }

    private GateDatabases.Run run(String command, String db, String... more) {
        List<String> args = new ArrayList<>(List.of(command));
        if (command.equals("force")) {
            args.add(more[0]);
            more = java.util.Arrays.copyOfRange(more, 1, more.length);
        }
        args.addAll(List.of(folder.toString(), "--database-url", url(db)));
        args.addAll(List.of(more));
        return miglint(args.toArray(String[]::new));
    }

    private JsonNode status(String db) throws Exception {
        GateDatabases.Run r = run("status", db, "--format", "json");
        return new ObjectMapper().readTree(r.out());
    }

    /** name → state of every entry. */
    private static Map<String, String> states(JsonNode status) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode m : status.get("migrations")) {
            out.put(
                    m.get("version").asText().isEmpty()
                            ? m.get("name").asText()
                            : m.get("version").asText(),
                    m.get("state").asText());
        }
        return out;
    }

    @Test
    void repeatablesRunAfterTheVersionedOnesByDescriptionAndAgainWhenChanged() throws Exception {
        assertEquals(4, flyway(flywayDb).migrate().migrationsExecuted);
        JsonNode before = status(miglintDb);
        assertEquals(Map.of("1", "pending", "2", "pending", "a c", "pending", "a-b", "pending"), states(before));
        assertEquals(
                List.of("1", "2", "a c", "a-b"), new ArrayList<>(states(before).keySet()));

        GateDatabases.Run apply = run("apply", miglintDb, "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.out().contains("Applied 4 migration(s): 1, 2, R__a_c.sql, R__a-b.sql."), apply.out());
        List<List<String>> flywayRows = rows(flywayDb, ROWS);
        assertEquals(null, flywayRows.get(2).get(1));
        assertEquals(flywayRows, rows(miglintDb, ROWS));

        // each tool accepts the other's history
        Flyway onOurs = flyway(miglintDb);
        assertTrue(onOurs.validateWithResult().validationSuccessful);
        assertEquals(0, onOurs.info().pending().length);
        JsonNode onFlyways = status(flywayDb);
        assertTrue(onFlyways.get("clean").asBoolean(), onFlyways.toString());
        assertEquals(4, onFlyways.get("counts").get("applied").asInt(), onFlyways.toString());

        // the repeatables are part of the history the gate replays: their view and function are no drift
        GateDatabases.Run gate = run(
                "gate",
                miglintDb,
                "--engine",
                "url",
                "--engine-url",
                GateEndToEndTest.ENGINE_SERVER,
                "--format",
                "json");
        assertEquals(0, gate.exit(), gate.out() + gate.err());

        // A new versioned migration and a changed repeatable: Flyway runs V3, then the changed R__a-b only.
        write("V3__add_email.sql", "alter table users add column email text;\n");
        write(
                "R__a-b.sql",
                "create or replace view user_labels as select id, user_label(name) as label, email " + "from users;\n");
        assertEquals(2, flyway(flywayDb).migrate().migrationsExecuted);
        JsonNode changed = status(miglintDb);
        assertEquals(
                Map.of("1", "applied", "2", "applied", "3", "pending", "a c", "applied", "a-b", "pending"),
                states(changed));
        assertTrue(changed.get("clean").asBoolean(), changed.toString());
        GateDatabases.Run changedGate = run(
                "gate",
                miglintDb,
                "--engine",
                "url",
                "--engine-url",
                GateEndToEndTest.ENGINE_SERVER,
                "--format",
                "json");
        assertEquals(0, changedGate.exit(), changedGate.out() + changedGate.err());
        GateDatabases.Run again = run("apply", miglintDb, "--yes", "--skip-gate");
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("Applied 2 migration(s): 3, R__a-b.sql."), again.out());
        assertEquals(rows(flywayDb, ROWS), rows(miglintDb, ROWS));
        assertEquals(
                List.of(List.of("email")),
                rows(
                        miglintDb,
                        "select column_name from information_schema.columns "
                                + "where table_name = 'user_labels' and column_name = 'email'"));
        assertTrue(flyway(miglintDb).validateWithResult().validationSuccessful);
        assertTrue(status(flywayDb).get("clean").asBoolean());

        // nothing left to run: an unchanged repeatable does not run again
        GateDatabases.Run nothing = run("apply", miglintDb, "--yes", "--skip-gate");
        assertEquals(0, nothing.exit(), nothing.out() + nothing.err());
        assertTrue(nothing.out().startsWith("Nothing to apply"), nothing.out());

        // a repeatable has no undo: rolling back reaches the newest versioned migration
        write("U3__add_email.sql", "drop view user_labels;\nalter table users drop column email;\n");
        GateDatabases.Run down = run("apply", miglintDb, "--down", "1", "--dry-run");
        assertEquals(0, down.exit(), down.out() + down.err());
        assertTrue(
                down.out().contains("Would roll back 1 migration(s)")
                        && down.out().contains("-- 3 add_email"),
                down.out());
        assertTrue(!down.out().contains("R__"), down.out());
    }

    /** verify runs the repeatables in Flyway's order too: by file name R__a-b.sql would run first and fail. */
    @Test
    void verifyRunsTheRepeatablesByDescription() {
        GateDatabases.Run verify = miglint(
                "verify", folder.toString(), "--database-url", GateEndToEndTest.ENGINE_SERVER, "--format", "json");
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        assertTrue(!verify.out().contains("verify-up-failed"), verify.out());
    }

    /** Flyway's target stops the versioned migrations; the repeatables still run after them. */
    @Test
    void toStopsTheVersionedMigrationsOnly() throws Exception {
        write(
                "R__a-b.sql",
                "create or replace view user_labels as select id, user_label(name) as label " + "from users;\n");
        Flyway target = Flyway.configure()
                .dataSource(GateDatabases.SERVER + flywayDb, "postgres", "")
                .locations("filesystem:" + folder)
                .target("1")
                .load();
        assertEquals(3, target.migrate().migrationsExecuted);
        GateDatabases.Run apply = run("apply", miglintDb, "--yes", "--skip-gate", "--to", "1");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertEquals(rows(flywayDb, ROWS), rows(miglintDb, ROWS));
    }

    @Test
    void aFailedOrMissingRepeatableIsReportedAndForcedByItsFileName() throws Exception {
        GateDatabases.Run apply = run("apply", miglintDb, "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        write(
                "R__a_c.sql",
                "create or replace function user_label(n text) returns text language sql immutable "
                        + "as $$ select lower(n) $$;\n");
        // what a non-transactional repeatable that failed leaves: its latest row with success = false
        exec(
                miglintDb,
                "insert into " + TABLE + " (installed_rank, version, description, type, script, checksum, "
                        + "installed_by, execution_time, success) values (5, null, 'a c', 'SQL', 'R__a_c.sql', 1, "
                        + "current_user, 0, false)");
        JsonNode failed = status(miglintDb);
        assertEquals("failed", states(failed).get("a c"), failed.toString());
        assertTrue(failed.toString().contains("miglint force R__a_c.sql"), failed.toString());
        write("V3__add_email.sql", "alter table users add column email text;\n");
        GateDatabases.Run refused = run("apply", miglintDb, "--yes", "--skip-gate");
        assertEquals(1, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("the repeatable migration a c is failed"), refused.err());
        GateDatabases.Run gate = run(
                "gate",
                miglintDb,
                "--engine",
                "url",
                "--engine-url",
                GateEndToEndTest.ENGINE_SERVER,
                "--format",
                "json");
        assertEquals(1, gate.exit(), gate.out() + gate.err());
        assertTrue(gate.out().contains("gate-dirty") && gate.out().contains("repeatable migration a c"), gate.out());

        GateDatabases.Run force = run("force", miglintDb, "R__a_c.sql");
        assertEquals(0, force.exit(), force.out() + force.err());
        assertEquals(List.of(List.of("0")), rows(miglintDb, "select count(*) from " + TABLE + " where not success"));
        assertEquals("pending", states(status(miglintDb)).get("a c"));
        GateDatabases.Run rerun = run("apply", miglintDb, "--yes", "--skip-gate");
        assertEquals(0, rerun.exit(), rerun.out() + rerun.err());
        assertEquals(List.of(List.of("bob")), rows(miglintDb, "select user_label('BoB')"));

        Files.delete(folder.resolve("R__a-b.sql"));
        JsonNode missing = status(miglintDb);
        assertEquals("missing-locally", states(missing).get("a-b"), missing.toString());
        assertTrue(!missing.get("clean").asBoolean());
    }
}
