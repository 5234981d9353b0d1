package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The catalog statements are files that run in psql as they are (src/main/resources/io/miglint/verify/catalog):
 * each, run as it is (header comment and semicolon included) and without the settings a read gives it, returns
 * exactly the columns {@link CatalogReader} reads, through JDBC and through psql itself when it is installed.
 */
@Tag("slow")
class CatalogSqlTest extends ScratchSchemaTest {
    /** An object of each kind a snapshot reads, a tracking table, and a comment. */
    private static final String SCHEMA = "create type mood as enum ('sad', 'ok');"
            + "create domain posint as int check (value > 0);"
            + "create type span as range (subtype = int4);"
            + "create table t (id bigint generated always as identity primary key, m mood, n posint, "
            + "label text collate \"C\", doubled bigint generated always as (id * 2) stored);"
            + "create index t_m on t (m);"
            + "create sequence counter;"
            + "create view v as select id from t;"
            + "create function f() returns trigger language plpgsql as $$ begin return new; end $$;"
            + "create trigger t_f before insert on t for each row execute function f();"
            + "alter table t enable row level security; create policy p on t using (true);"
            + "comment on table t is 'a table';"
            + "create table schema_migrations (version bigint primary key)";

    /** The files with no row to return from {@link #SCHEMA} alone: the dependents of nothing. */
    private static final List<String> MAY_BE_EMPTY = List.of("dependents");

    @BeforeEach
    void schema() throws Exception {
        exec(SCHEMA);
    }

    private static Path file(String name) throws Exception {
        return Path.of(
                CatalogReader.class.getResource("catalog/" + name + ".sql").toURI());
    }

    /** The files this database can run: the log's need {@link ChangeCapture}. */
    private List<String> runnable() {
        return CatalogReader.COLUMNS.keySet().stream()
                .filter(name -> db().changeCapture() || !name.startsWith("change"))
                .toList();
    }

    @Test
    void everyFileIsOneTheReaderRunsAndSaysWhichVersionsItSupports() throws Exception {
        List<String> files;
        try (Stream<Path> list = Files.list(file("settings").getParent())) {
            files = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(
                CatalogReader.COLUMNS.keySet().stream()
                        .map(name -> name + ".sql")
                        .sorted()
                        .toList(),
                files);
        for (String name : CatalogReader.COLUMNS.keySet()) {
            String header = CatalogReader.file(name)
                    .lines()
                    .takeWhile(l -> l.startsWith("--"))
                    .reduce("", (a, b) -> a + b + "\n");
            assertTrue(header.contains("PostgreSQL 12 and later"), name + ": " + header);
        }
    }

    @Test
    void everyFileRunsAsItIsAndReturnsTheColumnsTheReaderReads() throws Exception {
        assertTrue(db().changeCapture(), "the server's admin role is a superuser: the scratch database logs DDL");
        for (String name : runnable()) {
            Result r = jdbc(name);
            assertEquals(CatalogReader.COLUMNS.get(name), read(name, r.columns()), name);
            assertTrue(r.rows() > 0 || MAY_BE_EMPTY.contains(name), name + " returned no row");
        }
    }

    @Test
    void unsetInputsMeanNoneAndTheReaderSetsThem() throws Exception {
        // Run as it is, relations.sql leaves no table out; the reader leaves out the tools' tracking tables.
        assertTrue(jdbcRows("relations").contains("schema_migrations"));
        assertNotNull(reader.read(conn).get("table", "t"));
        assertEquals(null, reader.read(conn).get("table", "schema_migrations"));
        // dependents.sql finds the relations that name a changed object: the table whose column has the enum type.
        exec("begin");
        try (Statement st = conn.createStatement()) {
            st.execute("select set_config('miglint.root_classes', array['pg_type'::regclass::oid]::text, true), "
                    + "set_config('miglint.root_objects', array['mood'::regtype::oid]::text, true)");
            assertEquals("[" + oid("t") + "]", jdbcRows("dependents"));
        } finally {
            exec("rollback");
        }
    }

    @Test
    void psqlRunsEveryFileAsItIs() throws Exception {
        assumeTrue(psqlInstalled(), "psql is not installed");
        for (String name : runnable()) {
            Result viaJdbc = jdbc(name);
            Result viaPsql = psql(name);
            assertEquals(CatalogReader.COLUMNS.get(name), read(name, viaPsql.columns()), name);
            assertEquals(viaJdbc.rows(), viaPsql.rows(), name);
        }
    }

    private record Result(List<String> columns, int rows) {}

    /** The columns the reader reads of those a file returns: all, but of settings.sql the first, its label. */
    private static List<String> read(String name, List<String> columns) {
        return name.equals("settings") ? columns.subList(0, 1) : columns;
    }

    private Result jdbc(String name) throws Exception {
        try (Statement st = conn.createStatement()) {
            st.setEscapeProcessing(false);
            assertTrue(st.execute(CatalogReader.file(name)), name);
            try (ResultSet rs = st.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnLabel(i));
                }
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                return new Result(columns, rows);
            }
        }
    }

    /** The values of the first column the file returns, run as it is, in the current transaction. */
    private String jdbcRows(String name) throws Exception {
        List<String> values = new ArrayList<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery(CatalogReader.file(name))) {
            while (rs.next()) {
                values.add(name.equals("relations") ? rs.getString("name") : rs.getString(1));
            }
        }
        return values.toString();
    }

    private long oid(String table) throws Exception {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("select '" + table + "'::regclass::oid")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean psqlInstalled() {
        try {
            Process p = new ProcessBuilder("psql", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code psql -f} on the file, as the runner role, its output as CSV. */
    private Result psql(String name) throws Exception {
        DatabaseUrl url = db().runner();
        ProcessBuilder pb = new ProcessBuilder(
                "psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "--csv",
                "-f",
                file(name).toString());
        Map<String, String> env = pb.environment();
        env.put("PGHOST", url.host());
        env.put("PGPORT", Integer.toString(url.port()));
        env.put("PGDATABASE", url.database());
        env.put("PGUSER", url.user());
        env.put("PGPASSWORD", url.password() == null ? "" : url.password());
        Path err = Files.createTempFile("psql", ".err");
        pb.redirectError(err.toFile());
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), name + ": psql did not finish");
            assertEquals(0, p.exitValue(), name + ": " + Files.readString(err));
            List<List<String>> records = csv(out);
            assertFalse(records.isEmpty(), name + ": no header");
            return new Result(records.get(0), records.size() - 1);
        } finally {
            Files.delete(err);
        }
    }

    /** CSV as psql writes it: fields quoted when they hold a comma, quote or line break, quotes doubled. */
    private static List<List<String>> csv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(ch);
            }
        }
        return records;
    }
}
