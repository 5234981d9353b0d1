package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationFolderReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which failed scripts left nothing behind, as {@code apply --lock-retries} decides whether to run one again: only
 * what ran inside one transaction (the tool's, or the implicit one of a query string) is safe to repeat.
 */
class PartialOnFailureTest {
    @TempDir
    Path tmp;

    private String partial(LayoutKind layout, String file, String sql) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "m");
        Files.writeString(dir.resolve(file), sql);
        if (layout == LayoutKind.GOLANG_MIGRATE) {
            Files.writeString(dir.resolve(file.replace(".up.", ".down.")), "select 1;\n");
        }
        Migration m =
                MigrationFolderReader.read(dir, layout, "t").set().migrations().get(0);
        return ScriptRunner.partialOnFailure(LoadedScript.load(m, m.up()));
    }

    @Test
    void aQueryStringIsOneTransaction() throws IOException {
        assertNull(partial(LayoutKind.GOLANG_MIGRATE, "1_a.up.sql", "alter table t add c int;\n"));
        assertNull(partial(
                LayoutKind.GOLANG_MIGRATE,
                "1_a.up.sql",
                "set lock_timeout = '1s';\nalter table t add c int;\ncreate table u (id int);\n"));
        // with other statements a DO block runs in the query's implicit transaction: its COMMIT would fail
        assertNull(partial(
                LayoutKind.GOLANG_MIGRATE, "1_a.up.sql", "create table u (id int);\ndo $$ begin commit; end $$;\n"));
    }

    @Test
    void theToolsTransactionIsOne() throws IOException {
        assertNull(partial(
                LayoutKind.DBMATE,
                "20240101000000_a.sql",
                "-- migrate:up\nalter table t add c int;\ncreate table u (id int);\n-- migrate:down\nselect 1;\n"));
        assertNull(partial(LayoutKind.FLYWAY, "V1__a.sql", "alter table t add c int;\ncreate table u (id int);\n"));
    }

    @Test
    void whatCommitsOnItsOwnIsNot() throws IOException {
        assertTrue(partial(
                        LayoutKind.GOLANG_MIGRATE,
                        "1_a.up.sql",
                        "begin;\nalter table t add c int;\ncommit;\n" + "create table u (id int);\n")
                .startsWith("has BEGIN/COMMIT of its own"));
        assertTrue(partial(LayoutKind.GOLANG_MIGRATE, "1_a.up.sql", "create index concurrently i on t (c);\n")
                .contains("a failed CONCURRENTLY build leaves an INVALID index behind"));
        assertTrue(partial(LayoutKind.FLYWAY, "V1__a.sql", "create index concurrently i on t (c);\n")
                .contains("INVALID index"));
        assertEquals(
                "runs a procedure or DO block outside a transaction block, which may have committed part of its "
                        + "work",
                partial(LayoutKind.GOLANG_MIGRATE, "1_a.up.sql", "call backfill();\n"));
        assertTrue(partial(LayoutKind.GOLANG_MIGRATE, "1_a.up.sql", "do $$ begin update t set c = 1; commit; end $$;\n")
                .startsWith("runs a procedure or DO block"));
        assertNull(partial(LayoutKind.GOLANG_MIGRATE, "1_a.up.sql", "do $$ begin update t set c = 1; end $$;\n"));
        assertTrue(
                partial(
                                LayoutKind.DBMATE,
                                "20240101000000_a.sql",
                                "-- migrate:up transaction:false\n"
                                        + "alter table t add c int;\n-- migrate:down\nselect 1;\n")
                        == null,
                "one query, one statement");
        assertTrue(partial(LayoutKind.NUMBERED, "001_a.sql", "create table u (id int);\nalter table t add c int;\n")
                .startsWith("runs statement by statement outside a transaction"));
    }
}
