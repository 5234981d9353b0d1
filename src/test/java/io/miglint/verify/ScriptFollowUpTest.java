package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationFolderReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read sent with the script in its query string ({@link ScriptRunner#run(LoadedScript, String,
 * ScriptRunner.FollowUp)}) must change nothing of how the script runs or fails; where it could, it is not sent.
 */
class ScriptFollowUpTest extends ScratchSchemaTest {
    @TempDir
    Path dir;

    /** Reads the number of tables named like the argument, as the verifier's snapshot would read the schema. */
    private static ScriptRunner.FollowUp<Integer> countTables(String like) {
        return new ScriptRunner.FollowUp<>() {
            @Override
            public String statements() {
                return "select count(*) as tables from pg_class where relname like '" + like + "' and relkind = 'r'";
            }

            @Override
            public Integer read(Statement statement, boolean isResult) throws SQLException {
                assertTrue(isResult);
                try (ResultSet rs = statement.getResultSet()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }

        };
    }

    private LoadedScript up(LayoutKind layout, String name, String content) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(layout.id()));
        Files.writeString(folder.resolve(name), content);
        Migration m = MigrationFolderReader.read(folder, layout, "test").set().migrations().get(0);
        return LoadedScript.load(m, m.up());
    }

    private LoadedScript golang(String content) throws Exception {
        return up(LayoutKind.GOLANG_MIGRATE, "1_x.up.sql", content);
    }

    @Test
    void aMultiStatementScriptCarriesTheReadAndItsTiming() throws Exception {
        LoadedScript script = golang("create table t1 (id int);\ncreate table t2 (id int);\nselect 1;\n-- done");
        var ran = new ScriptRunner(conn).run(script, "up", countTables("t_"));
        assertNull(ran.result().failure());
        assertEquals(2, ran.followed(), "the read sees what the script committed");
        assertEquals(1, ran.result().timings().size());
        assertTrue(ran.result().timings().get(0).millis() >= 0);
    }

    @Test
    void aWrappedScriptsCommitCarriesTheRead() throws Exception {
        LoadedScript script = up(LayoutKind.DBMATE, "1_x.sql", "-- migrate:up\ncreate table t1 (id int);\n"
                + "-- migrate:down\ndrop table t1;\n");
        assertTrue(script.script().execution().wrapped());
        var ran = new ScriptRunner(conn).run(script, "up", countTables("t1"));
        assertNull(ran.result().failure());
        assertEquals(1, ran.followed());
    }

    @Test
    void aFailingScriptFailsAsItWouldAlone() throws Exception {
        String text = "create table t1 (id int);\ncreate table t2 (id int references missing (id));\n";
        ScriptRunner.Result alone = new ScriptRunner(conn).run(golang(text), "up");
        var ran = new ScriptRunner(conn).run(golang(text), "up", countTables("t_"));
        assertNull(ran.followed());
        assertNotNull(ran.result().failure());
        assertSameFailure(alone.failure(), ran.result().failure());
        assertEquals(0, count("t_"), "nothing of the failed script is left");
        // A script cut off in the middle of a string swallows what would follow it: still its own error.
        String cut = "create table t3 (id int);\ncomment on table t3 is 'unfinished";
        assertSameFailure(new ScriptRunner(conn).run(golang(cut), "up").failure(),
                new ScriptRunner(conn).run(golang(cut), "up", countTables("t_")).result().failure());
    }

    @Test
    void scriptsThatWouldRunDifferentlyGoAlone() throws Exception {
        exec("create table t0 (id int)");
        for (String text : new String[] {"lock table t0", "set local work_mem = '1MB'",
                "create index concurrently t0_id on t0 (id)", "begin;\ncreate table t1 (id int);\ncommit;",
                "create table t1 (id int);\nvacuum t0;"}) {
            LoadedScript script = golang(text);
            assertFalse(ScriptRunner.canFollow(script), text);
            var ran = new ScriptRunner(conn).run(script, "up", countTables("t_"));
            assertNull(ran.followed(), text);
            exec("drop table if exists t1; drop index if exists t0_id");
        }
        assertTrue(ScriptRunner.canFollow(golang("create table t1 (id int)")));
    }

    /** A follow-up whose statements fail: they never get to be read. */
    private static ScriptRunner.FollowUp<Integer> failing(String statements) {
        return new ScriptRunner.FollowUp<>() {
            @Override
            public String statements() {
                return statements;
            }

            @Override
            public Integer read(Statement statement, boolean isResult) {
                throw new AssertionError("the follow-up failed; nothing to read");
            }
        };
    }

    @Test
    void aReadThatFailsLeavesTheScriptCommitted() throws Exception {
        // "prepared statement does not exist" is what a read gets after the migrations ran DEALLOCATE ALL; the driver
        // would send the whole string again after it, were the session not in the read's failed transaction.
        int i = 0;
        for (String statements : new String[] {"execute nothing_prepared_here", "select 1 / 0"}) {
            i++;
            var ran = new ScriptRunner(conn).run(golang("create table t" + i + "a (id int);\ncreate table t" + i
                    + "b (id int);"), "up", failing(statements));
            assertNull(ran.result().failure(), statements);
            assertNull(ran.followed());
            assertEquals(2, count("t" + i + "_"), statements);
        }
        LoadedScript wrapped = up(LayoutKind.DBMATE, "1_x.sql", "-- migrate:up\ncreate table w1 (id int);\n"
                + "-- migrate:down\ndrop table w1;\n");
        var ran = new ScriptRunner(conn).run(wrapped, "up", failing("select 1 / 0"));
        assertNull(ran.result().failure());
        assertEquals(1, count("w1"));
    }

    @Test
    void aFailingWrappedScriptFailsAsItWouldAlone() throws Exception {
        String text = "-- migrate:up\ncreate table w1 (id int);\ncreate table w2 (id int references missing (id));\n"
                + "-- migrate:down\ndrop table w2;\ndrop table w1;\n";
        ScriptRunner.Result alone = new ScriptRunner(conn).run(up(LayoutKind.DBMATE, "1_x.sql", text), "up");
        var ran = new ScriptRunner(conn).run(up(LayoutKind.DBMATE, "1_x.sql", text), "up", countTables("w_"));
        assertNull(ran.followed());
        assertSameFailure(alone.failure(), ran.result().failure());
        assertEquals(0, count("w_"));
    }

    private static void assertSameFailure(ScriptFailure expected, ScriptFailure actual) {
        assertNotNull(expected);
        assertNotNull(actual);
        assertEquals(expected.sqlState() + " " + expected.message() + " " + expected.offset() + "-"
                + expected.endOffset(), actual.sqlState() + " " + actual.message() + " " + actual.offset() + "-"
                + actual.endOffset());
    }

    private int count(String like) throws Exception {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from pg_class where relname like '" + like
                     + "' and relkind = 'r'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
