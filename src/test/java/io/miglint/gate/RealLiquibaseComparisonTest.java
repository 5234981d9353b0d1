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
import java.sql.Connection;
import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquibase 4.33.0 itself updates a database from a Spring-style changelog (a YAML master including formatted SQL
 * and a plain SQL file by classpath paths); miglint's status and gate on that database find nothing pending and
 * nothing edited. Then a new changeset is applied by {@code miglint apply}, and Liquibase finds nothing left to run and
 * validates the checksum miglint wrote.
 */
class RealLiquibaseComparisonTest {
    static final String MASTER = "db/changelog/db.changelog-master.yaml";

    @TempDir
    Path project;

    String db;

    @BeforeEach
    void create() throws Exception {
        db = GateDatabases.create();
        Files.createDirectories(project.resolve(".git")); // a repository: include paths resolve from its root
        write(MASTER, """
                databaseChangeLog:
                  - include:
                      file: db/changelog/v1/orders.sql
                  - include:
                      file: db/changelog/v1/seed.sql
                """);
        write("db/changelog/v1/orders.sql", """
                --liquibase formatted sql

                --changeset ann:create-orders
                --comment: the orders table
                CREATE TABLE orders (id bigint PRIMARY KEY, status text);
                --rollback DROP TABLE orders;

                --changeset ann:orders-status-index runInTransaction:false
                CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
                --rollback DROP INDEX CONCURRENTLY orders_status_idx;
                """);
        write("db/changelog/v1/seed.sql", "INSERT INTO orders (id, status) VALUES (1, 'new');\n");
    }

    @AfterEach
    void drop() throws Exception {
        GateDatabases.drop(db);
    }

    @Test
    void liquibaseAndMiglintShareDatabasechangelog() throws Exception {
        try (Connection c = GateDatabases.connect(db)) {
            liquibase(c).update(new Contexts(), new LabelExpression());
        }
        assertEquals(List.of(List.of("3")), rows(db, "select count(*)::text from databasechangelog"));

        Path folder = project.resolve("db/changelog");
        JsonNode status = status(folder);
        assertEquals(3, status.get("counts").get("applied").asInt(), status.toString());
        assertTrue(status.get("clean").asBoolean(), status.toString());

        GateDatabases.Run gate = miglint(
                "gate",
                folder.toString(),
                "--database-url",
                url(db),
                "--engine",
                "url",
                "--engine-url",
                GateEndToEndTest.ENGINE_SERVER,
                "--format",
                "json");
        assertEquals(0, gate.exit(), gate.out() + gate.err());

        // A new changeset, applied by miglint: Liquibase then has nothing to run and accepts its checksum.
        write("db/changelog/v1/orders.sql", Files.readString(project.resolve("db/changelog/v1/orders.sql")) + """

                --changeset bob:orders-note labels:notes
                ALTER TABLE orders ADD COLUMN note text;
                --rollback ALTER TABLE orders DROP COLUMN note;
                """);
        GateDatabases.Run apply =
                miglint("apply", folder.toString(), "--database-url", url(db), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertEquals(
                List.of(List.of("orders-note", "bob", "db/changelog/v1/orders.sql", "4", "EXECUTED", "sql", "notes")),
                rows(
                        db,
                        "select id, author, filename, orderexecuted::text, exectype, description, labels from "
                                + "databasechangelog where id = 'orders-note'"));
        try (Connection c = GateDatabases.connect(db)) {
            Liquibase lb = liquibase(c);
            lb.validate();
            assertEquals(List.of(), lb.listUnrunChangeSets(new Contexts(), new LabelExpression()));
        }
        assertEquals(
                List.of(List.of("1")),
                rows(db, "select count(*)::text from information_schema.columns where column_name = 'note'"));
        JsonNode after = status(folder);
        assertEquals(4, after.get("counts").get("applied").asInt(), after.toString());
        assertTrue(after.get("clean").asBoolean(), after.toString());
    }

    /**
     * miglint's apply takes Liquibase's own lock: while Liquibase holds DATABASECHANGELOGLOCK it runs nothing and says
     * who holds it; once free, it applies and leaves the lock free for Liquibase.
     */
    @Test
    void applyWaitsForNoLiquibaseAndHoldsItsLock() throws Exception {
        Path folder = project.resolve("db/changelog");
        try (Connection c = GateDatabases.connect(db)) {
            var lockService = liquibase.lockservice.LockServiceFactory.getInstance()
                    .getLockService(
                            DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c)));
            lockService.waitForLock();
            try {
                GateDatabases.Run refused =
                        miglint("apply", folder.toString(), "--database-url", url(db), "--yes", "--skip-gate");
                assertTrue(refused.exit() != 0, refused.out() + refused.err());
                assertTrue(
                        refused.err().contains("DATABASECHANGELOGLOCK")
                                || refused.out().contains("DATABASECHANGELOGLOCK"),
                        refused.out() + refused.err());
                assertEquals(List.of(List.of("0")), rows(db, "select count(*)::text from databasechangelog"));
            } finally {
                lockService.releaseLock();
            }
        }
        GateDatabases.Run apply =
                miglint("apply", folder.toString(), "--database-url", url(db), "--yes", "--skip-gate");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertEquals(List.of(List.of("3")), rows(db, "select count(*)::text from databasechangelog"));
        assertEquals(
                List.of(List.of("false")), rows(db, "select locked::text from databasechangeloglock where id = 1"));
    }

    /**
     * Who holds the lock is the target database's text: it reaches stderr through the guard every command's stderr
     * goes through, its control characters shown, never sent.
     */
    @Test
    void aLockHolderWithControlCharactersIsShownEscaped() throws Exception {
        Path folder = project.resolve("db/changelog");
        try (Connection c = GateDatabases.connect(db);
                var st = c.createStatement()) {
            st.execute("create table databasechangeloglock (id integer not null primary key, locked boolean not null, "
                    + "lockgranted timestamp, lockedby varchar(255))");
            st.execute("insert into databasechangeloglock values (1, true, localtimestamp, E'\\x1b]0;owned\\x07host')");
        }
        GateDatabases.Run refused =
                miglint("apply", folder.toString(), "--database-url", url(db), "--yes", "--skip-gate");
        assertTrue(refused.exit() != 0, refused.out() + refused.err());
        assertTrue(refused.err().toUpperCase(java.util.Locale.ROOT).contains("DATABASECHANGELOGLOCK"), refused.err());
        assertTrue(!refused.err().contains("\u001b") && !refused.err().contains("\u0007"), refused.err());
    }

    @Test
    void miglintCreatesTheTablesLiquibaseCreatesAndLiquibaseAcceptsItsRows() throws Exception {
        String ours = GateDatabases.create();
        try {
            Path folder = project.resolve("db/changelog");
            GateDatabases.Run apply =
                    miglint("apply", folder.toString(), "--database-url", url(ours), "--yes", "--skip-gate");
            assertEquals(0, apply.exit(), apply.out() + apply.err());
            try (Connection c = GateDatabases.connect(db)) {
                liquibase(c).update(new Contexts(), new LabelExpression());
            }
            for (String table : List.of("databasechangelog", "databasechangeloglock")) {
                TrackingTableShape theirs = TrackingTableShape.of(db, table);
                TrackingTableShape mine = TrackingTableShape.of(ours, table);
                assertEquals(theirs.columns(), mine.columns(), table);
                assertEquals(theirs.constraints(), mine.constraints(), table);
            }
            String values = "select id, author, filename, orderexecuted::text, exectype, md5sum, description, "
                    + "coalesce(comments, ''), tag, liquibase, contexts, labels from databasechangelog order by "
                    + "orderexecuted";
            assertEquals(rows(db, values), rows(ours, values));
            try (Connection c = GateDatabases.connect(ours)) {
                Liquibase lb = liquibase(c);
                lb.validate();
                assertEquals(List.of(), lb.listUnrunChangeSets(new Contexts(), new LabelExpression()));
            }
        } finally {
            GateDatabases.drop(ours);
        }
    }

    /**
     * Changesets Liquibase runs again: a changed {@code runOnChange} one, a {@code runAlways} one on every update; a
     * changed one whose {@code validCheckSum} accepts the recorded checksum is no edit. miglint's status says so (no
     * false "edited"), its gate finds no drift in what they touch, and its apply runs them again on one database as Liquibase's update does on another: the same
     * DATABASECHANGELOG rows (RERAN, the new checksum, the new order) and the same data.
     */
    @Test
    void changesetsLiquibaseRunsAgainAreRunAgainNotEdited() throws Exception {
        write("db/changelog/v1/seed.sql", "SELECT 1;\n");
        write("db/changelog/v1/views.sql", """
                --liquibase formatted sql

                --changeset ann:orders-view runOnChange:true
                CREATE OR REPLACE VIEW open_orders AS SELECT id FROM orders WHERE status = 'new';

                --changeset ann:touch runAlways:true
                INSERT INTO orders (id, status) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM orders), 'touch');

                --changeset ann:comment-orders
                --validCheckSum: ANY
                COMMENT ON TABLE orders IS 'orders';
                """);
        write(MASTER, Files.readString(project.resolve(MASTER)) + """
                  - include:
                      file: db/changelog/v1/views.sql
                """);
        String ours = GateDatabases.create();
        try {
            for (String target : List.of(db, ours)) {
                try (Connection c = GateDatabases.connect(target)) {
                    liquibase(c).update(new Contexts(), new LabelExpression());
                }
            }
            write(
                    "db/changelog/v1/views.sql",
                    Files.readString(project.resolve("db/changelog/v1/views.sql"))
                            .replace("WHERE status = 'new'", "WHERE status IN ('new', 'paid')")
                            // a change of spelling only, which validCheckSum is for: the schema it makes is the same
                            .replace("COMMENT ON TABLE orders", "comment on table orders"));
            Path folder = project.resolve("db/changelog");
            GateDatabases.Run st =
                    miglint("status", folder.toString(), "--database-url", url(ours), "--format", "json");
            JsonNode status = new ObjectMapper().readTree(st.out());
            assertTrue(status.get("clean").asBoolean(), status.toString());
            assertEquals(6, status.get("counts").get("applied").asInt(), status.toString());
            assertEquals(0, status.get("counts").get("edited").asInt(), status.toString());
            assertTrue(status.toString().contains("runOnChange, and changed since it ran"), status.toString());
            assertTrue(status.toString().contains("runAlways: Liquibase runs it again"), status.toString());
            // the gate replays the history with the view's new text: what the rerun touches is no drift
            GateDatabases.Run gate = miglint(
                    "gate",
                    folder.toString(),
                    "--database-url",
                    url(ours),
                    "--engine",
                    "url",
                    "--engine-url",
                    GateEndToEndTest.ENGINE_SERVER);
            assertEquals(0, gate.exit(), gate.out() + gate.err());

            try (Connection c = GateDatabases.connect(db)) {
                liquibase(c).update(new Contexts(), new LabelExpression());
            }
            GateDatabases.Run apply =
                    miglint("apply", folder.toString(), "--database-url", url(ours), "--yes", "--skip-gate");
            assertEquals(0, apply.exit(), apply.out() + apply.err());
            String values = "select id, author, filename, orderexecuted::text, exectype, md5sum, description "
                    + "from databasechangelog order by orderexecuted";
            List<List<String>> theirs = rows(db, values);
            assertTrue(theirs.toString().contains("RERAN"), theirs.toString());
            assertEquals(theirs, rows(ours, values));
            String data = "select id::text, status from orders order by id";
            assertEquals(rows(db, data), rows(ours, data));
            String view = "select pg_get_viewdef('open_orders')";
            assertEquals(rows(db, view), rows(ours, view));
            try (Connection c = GateDatabases.connect(ours)) {
                liquibase(c).validate();
            }
        } finally {
            GateDatabases.drop(ours);
        }
    }

    private Liquibase liquibase(Connection c) throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
        return new Liquibase(MASTER, new DirectoryResourceAccessor(project.toFile()), database);
    }

    private JsonNode status(Path folder) throws Exception {
        GateDatabases.Run r = miglint("status", folder.toString(), "--database-url", url(db), "--format", "json");
        return new ObjectMapper().readTree(r.out());
    }

    private void write(String relative, String text) throws Exception {
        Path f = project.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }
}
