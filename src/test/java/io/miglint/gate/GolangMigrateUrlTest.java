package io.miglint.gate;

import static io.miglint.gate.GateDatabases.exec;
import static io.miglint.gate.GateDatabases.miglint;
import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * golang-migrate's URL parameters on the real server: the tracking table the URL names is the one status, gate,
 * apply and force read and write, as migrate itself (database/postgres/postgres.go) would. Each target is first put
 * in the state migrate leaves after applying 1 and 2: their schema, and version 2 in its table.
 */
@Tag("slow")
class GolangMigrateUrlTest {
    @TempDir
    Path tmp;

    String db;
    Path folder;

    @BeforeEach
    void setUp() throws Exception {
        db = GateDatabases.create();
        folder = tmp.resolve("migrations");
        Files.createDirectories(folder);
        write("1_users", "create table users (id bigint primary key);", "drop table users;");
        write(
                "2_orders",
                "create table orders (id bigint primary key, user_id bigint references users);",
                "drop table orders;");
        write("3_items", "create table items (id bigint primary key);", "drop table items;");
    }

    @AfterEach
    void tearDown() throws SQLException {
        GateDatabases.drop(db);
    }

    private void write(String name, String up, String down) throws Exception {
        Files.writeString(folder.resolve(name + ".up.sql"), up + "\n");
        Files.writeString(folder.resolve(name + ".down.sql"), down + "\n");
    }

    /** What migrate leaves after 1 and 2, its one-row table at {@code table} (already quoted). */
    private void appliedByMigrate(String schemaOfObjects, String table) throws SQLException {
        try (Connection c = GateDatabases.connect(db);
                Statement st = c.createStatement()) {
            st.execute("set search_path = " + schemaOfObjects);
            st.execute(Files.readString(folder.resolve("1_users.up.sql")).strip());
            st.execute(Files.readString(folder.resolve("2_orders.up.sql")).strip());
            st.execute("create table " + table + " (version bigint not null primary key, dirty boolean not null)");
            st.execute("insert into " + table + " values (2, false)");
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
    }

    private GateDatabases.Run run(String command, String url, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        if (command.equals("force")) {
            args.add(more[0]);
            more = java.util.Arrays.copyOfRange(more, 1, more.length);
        }
        args.addAll(List.of(folder.toString(), "--database-url", url, "--layout", "golang-migrate"));
        args.addAll(List.of(more));
        return miglint(args.toArray(String[]::new));
    }

    /** The state status prints for {@code version} ("  applied  2  orders"). */
    private static String statusLine(GateDatabases.Run status, String version) {
        return status.out()
                .lines()
                .map(l -> l.strip().split("\\s+"))
                .filter(t -> t.length > 1 && t[1].equals(version))
                .map(t -> t[0])
                .findFirst()
                .orElse("(none)");
    }

    @Test
    void xMigrationsTableIsTheTableEveryCommandUses() throws Exception {
        appliedByMigrate("public", "my_migrations");
        String named = url(db) + "?x-migrations-table=my_migrations";

        GateDatabases.Run status = run("status", named);
        assertEquals(0, status.exit(), status.out() + status.err());
        assertTrue(statusLine(status, "1").equals("applied"), status.out());
        assertTrue(statusLine(status, "2").equals("applied"), status.out());
        assertTrue(statusLine(status, "3").equals("pending"), status.out());

        GateDatabases.Run gate = run(
                "gate", named, "--engine", "url", "--engine-url", GateEndToEndTest.ENGINE_SERVER, "--format", "json");
        assertEquals(0, gate.exit(), gate.out() + gate.err());

        GateDatabases.Run dry = run("apply", named, "--dry-run");
        assertEquals(0, dry.exit(), dry.out() + dry.err());
        assertTrue(dry.out().contains("Would apply 1 migration(s)"), dry.out());
        assertTrue(dry.out().contains("tracking table public.my_migrations"), dry.out());

        GateDatabases.Run apply = run("apply", named, "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.out().contains("Applied 1 migration(s): 3."), apply.out());
        assertEquals(List.of(List.of("3", "f")), rows(db, "select version, dirty from my_migrations"));
        assertEquals(List.of(List.of("f")), rows(db, "select to_regclass('schema_migrations') is not null"));

        exec(db, "update my_migrations set dirty = true");
        GateDatabases.Run force = run("force", named, "3");
        assertEquals(0, force.exit(), force.out() + force.err());
        assertEquals(List.of(List.of("3", "f")), rows(db, "select version, dirty from my_migrations"));
    }

    /** Without the parameter miglint reads the default table, as migrate does. */
    @Test
    void withoutTheParameterTheDefaultTableIsRead() throws Exception {
        appliedByMigrate("public", "my_migrations");
        GateDatabases.Run status = run("status", url(db));
        assertTrue(statusLine(status, "1").equals("pending"), status.out());
    }

    @Test
    void aQuotedSchemaQualifiedTableIsReadThereAndNotInTheSearchPath() throws Exception {
        exec(db, "create schema migrate");
        appliedByMigrate("public", "migrate.schema_migrations");
        // a decoy in public, where the unqualified name would be found
        exec(
                db,
                "create table public.schema_migrations (version bigint not null primary key, dirty boolean not "
                        + "null); insert into public.schema_migrations values (1, true)");
        String named = url(db) + "?x-migrations-table=%22migrate%22.%22schema_migrations%22"
                + "&x-migrations-table-quoted=true";

        GateDatabases.Run status = run("status", named);
        assertEquals(0, status.exit(), status.out() + status.err());
        assertTrue(statusLine(status, "2").equals("applied"), status.out());
        assertTrue(statusLine(status, "3").equals("pending"), status.out());

        GateDatabases.Run gate = run(
                "gate", named, "--engine", "url", "--engine-url", GateEndToEndTest.ENGINE_SERVER, "--format", "json");
        assertEquals(0, gate.exit(), gate.out() + gate.err());

        GateDatabases.Run apply = run("apply", named, "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertEquals(List.of(List.of("3", "f")), rows(db, "select version, dirty from migrate.schema_migrations"));
        assertEquals(List.of(List.of("1", "t")), rows(db, "select version, dirty from public.schema_migrations"));

        GateDatabases.Run down = run("apply", named, "--yes", "--down", "1");
        assertEquals(0, down.exit(), down.out() + down.err());
        assertEquals(List.of(List.of("2", "f")), rows(db, "select version, dirty from migrate.schema_migrations"));

        exec(db, "update migrate.schema_migrations set dirty = true");
        GateDatabases.Run force = run("force", named, "2");
        assertEquals(0, force.exit(), force.out() + force.err());
        assertEquals(List.of(List.of("2", "f")), rows(db, "select version, dirty from migrate.schema_migrations"));
        assertEquals(List.of(List.of("1", "t")), rows(db, "select version, dirty from public.schema_migrations"));
    }

    /** Unquoted, the value is the table's whole name, dots and capitals included, in the current schema. */
    @Test
    void anUnquotedNameIsTakenLiterally() throws Exception {
        appliedByMigrate("public", "\"Deploy.History\"");
        GateDatabases.Run status = run("status", url(db) + "?x-migrations-table=Deploy.History");
        assertTrue(statusLine(status, "2").equals("applied"), status.out() + status.err());
        assertTrue(statusLine(status, "3").equals("pending"), status.out());
    }

    /**
     * search_path (lib/pq sends it as a startup parameter) and options decide current_schema(), where migrate keeps
     * its table; a table of the same name further down the search_path is not migrate's.
     */
    @Test
    void searchPathAndOptionsChooseTheSchemaOfTheTable() throws Exception {
        exec(db, "create schema app");
        appliedByMigrate("app", "app.schema_migrations");
        exec(
                db,
                "create table public.schema_migrations (version bigint not null primary key, dirty boolean not "
                        + "null); insert into public.schema_migrations values (1, false)");
        for (String u : List.of(
                url(db) + "?search_path=app",
                url(db) + "?options=-c%20search_path%3Dapp",
                url(db) + "?search_path=app,public")) {
            GateDatabases.Run status = run("status", u);
            assertEquals(0, status.exit(), u + ": " + status.out() + status.err());
            assertTrue(statusLine(status, "2").equals("applied"), u + ": " + status.out());
            assertTrue(statusLine(status, "3").equals("pending"), u + ": " + status.out());
        }
        // the gate replays the history with the same search_path, in a schema app of its own: no drift
        GateDatabases.Run gate = run(
                "gate",
                url(db) + "?search_path=app",
                "--engine",
                "url",
                "--engine-url",
                GateEndToEndTest.ENGINE_SERVER,
                "--format",
                "json");
        assertEquals(0, gate.exit(), gate.out() + gate.err());
        exec(db, "alter table app.users add column note text");
        GateDatabases.Run drift = run(
                "gate",
                url(db) + "?search_path=app",
                "--engine",
                "url",
                "--engine-url",
                GateEndToEndTest.ENGINE_SERVER,
                "--format",
                "json");
        assertEquals(1, drift.exit(), drift.out() + drift.err());
        assertTrue(drift.out().contains("schema-drift") && drift.out().contains("note"), drift.out());
        exec(db, "alter table app.users drop column note");

        GateDatabases.Run apply = run("apply", url(db) + "?options=-c%20search_path%3Dapp", "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertEquals(List.of(List.of("3", "f")), rows(db, "select version, dirty from app.schema_migrations"));
        assertEquals(List.of(List.of("1", "f")), rows(db, "select version, dirty from public.schema_migrations"));
        assertEquals(List.of(List.of("t")), rows(db, "select to_regclass('app.items') is not null"));

        exec(db, "drop table app.schema_migrations");
        // app first on the path: migrate reads (and would create) app.schema_migrations, not public's
        GateDatabases.Run status = run("status", url(db) + "?search_path=app,public");
        assertTrue(statusLine(status, "1").equals("pending"), status.out());
        assertTrue(statusLine(status, "2").equals("pending"), status.out());
    }

    /**
     * The default search_path starts with "$user": with a schema named after the deploying role, migrate's table and
     * the migrations' objects are there. The replay runs as another role, so "$user" is spelled out for it.
     */
    @Test
    void aSchemaNamedAfterTheRoleIsWhereTheReplayPutsThingsToo() throws Exception {
        exec(db, "create schema postgres");
        appliedByMigrate("\"$user\", public", "schema_migrations");
        assertEquals(List.of(List.of("t")), rows(db, "select to_regclass('postgres.users') is not null"));
        GateDatabases.Run status = run("status", url(db));
        assertTrue(status.out().contains("table postgres.schema_migrations"), status.out());
        assertEquals("applied", statusLine(status, "2"), status.out());
        GateDatabases.Run gate = run(
                "gate", url(db), "--engine", "url", "--engine-url", GateEndToEndTest.ENGINE_SERVER, "--format", "json");
        assertEquals(0, gate.exit(), gate.out() + gate.err());
    }

    /**
     * A target's URL reused as the server for throwaway databases: its search_path names a schema they do not have,
     * so it is not applied there (the gate sets up the target's own).
     */
    @Test
    void aSearchPathInTheEngineUrlIsNotAppliedToThrowawayDatabases() {
        GateDatabases.Run verify = miglint(
                "verify",
                folder.toString(),
                "--database-url",
                GateEndToEndTest.ENGINE_SERVER + "?search_path=app&x-migrations-table=my_migrations",
                "--format",
                "json");
        assertEquals(0, verify.exit(), verify.out() + verify.err());
    }

    @Test
    void unknownXParametersAndBadValuesAreRefusedNamingThem() throws Exception {
        for (String[] c : new String[][] {
            {"?x-migration-table=my_migrations", "x-migration-table"},
            {"?X-Migrations-Table=my_migrations", "X-Migrations-Table"},
            {"?x-migrations-table=a&x-migrations-table-quoted=yes", "x-migrations-table-quoted"},
            {"?x-migrations-table=my_migrations&x-migrations-table-quoted=true", "must be quoted"},
            {"?x-migrations-table=%22a%22.%22b%22.%22c%22&x-migrations-table-quoted=1", "too many dot"},
            {"?x-migrations-table-quoted=true", "x-migrations-table"},
            {"?x-multi-statement=true", "x-multi-statement"},
            {"?x-statement-timeout=5s", "x-statement-timeout"},
        }) {
            for (String command : List.of("status", "gate", "apply", "force")) {
                GateDatabases.Run r = command.equals("force")
                        ? run(command, url(db) + c[0], "1")
                        : command.equals("apply")
                                ? run(command, url(db) + c[0], "--yes")
                                : run(command, url(db) + c[0]);
                assertEquals(2, r.exit(), command + " " + c[0] + ": " + r.out() + r.err());
                assertTrue(r.err().contains(c[1]), command + " " + c[0] + ": " + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
            }
        }
        assertEquals(List.of(List.of("f")), rows(db, "select to_regclass('schema_migrations') is not null"));
        GateDatabases.Run other = miglint(
                "status", folder.toString(), "--database-url", url(db) + "?x-migrations-table=t", "--layout", "sqlx");
        assertEquals(2, other.exit(), other.out() + other.err());
        assertTrue(other.err().contains("x-migrations-table") && other.err().contains("sqlx"), other.err());
    }

    @Test
    void theMigrationsTableOptionMustAgreeWithTheUrl() {
        GateDatabases.Run r = run("status", url(db) + "?x-migrations-table=a", "--migrations-table", "b");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("--migrations-table b") && r.err().contains("x-migrations-table"), r.err());
    }

    /**
     * migrate's lock key is derived from the URL's path ("/" + database: Open passes purl.Path as DatabaseName), the
     * table's schema and its name; a deployer holding that key keeps apply waiting.
     */
    @Test
    void applyWaitsForTheLockMigrateTakesWithTheSameUrl() throws Exception {
        appliedByMigrate("public", "my_migrations");
        long key = AdvisoryLockKey.golangMigrate("/" + db, "public", "my_migrations");
        try (Connection holder = GateDatabases.connect(db);
                Statement st = holder.createStatement()) {
            st.execute("select pg_advisory_lock(" + key + ")");
            GateDatabases.Run apply = run(
                    "apply",
                    url(db) + "?x-migrations-table=my_migrations",
                    "--yes",
                    "--skip-gate",
                    "--lock-wait",
                    "1s");
            assertEquals(4, apply.exit(), apply.out() + apply.err());
            assertTrue(apply.err().contains("migration lock"), apply.err());
            assertEquals(List.of(List.of("2", "f")), rows(db, "select version, dirty from my_migrations"));
        }
        GateDatabases.Run apply = run("apply", url(db) + "?x-migrations-table=my_migrations", "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertFalse(apply.err().contains("waiting"), apply.err());
    }

    /** x-statement-timeout (milliseconds) is the migrations' statement_timeout unless --statement-timeout is given. */
    @Test
    void xStatementTimeoutBoundsEachMigration() throws Exception {
        appliedByMigrate("public", "schema_migrations");
        Files.writeString(folder.resolve("3_items.up.sql"), "select pg_sleep(5);\ncreate table items (id int);\n");
        GateDatabases.Run apply = run("apply", url(db) + "?x-statement-timeout=200", "--yes", "--skip-gate");
        assertEquals(1, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.err().contains("statement timeout"), apply.err());
        assertEquals(List.of(List.of("f")), rows(db, "select to_regclass('items') is not null"));
    }
}
