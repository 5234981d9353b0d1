package io.miglint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What rules report on the statements a DO block runs: where, and whether a suppression comment reaches them. */
class DoBlockLintTest {
    @TempDir
    Path dir;

    private List<Finding> lint(String layout, String sql) {
        LintFixture.Example ex = new LintFixture.Example(
                layout, 15, "CREATE TABLE orders (id bigint, note text);", "", sql, false, null, false);
        // update-without-where (opt-in) is the rule these tests see suppressed or reported inside a body
        return LintFixture.lint(dir, ex, Map.of("update-without-where", "on")).findings();
    }

    private static List<String> where(List<Finding> findings, String rule) {
        return findings.stream()
                .filter(f -> f.ruleId().equals(rule))
                .map(f -> f.location().line() + ":" + f.location().column() + (f.suppressed() ? " suppressed" : ""))
                .toList();
    }

    @Test
    void aConcurrentBuildInsideADoBlockIsReportedAtItsLineEvenAloneInAFileWithoutTransaction() {
        List<Finding> f = lint("golang-migrate", """
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'orders_note_idx') THEN
                        CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
                    END IF;
                END $$;
                """);
        assertEquals(List.of("4:9"), where(f, "concurrently-in-transaction"));
        assertTrue(f.stream()
                .filter(x -> x.ruleId().equals("concurrently-in-transaction"))
                .allMatch(x -> x.message().contains("cannot be executed from a function")));
        assertEquals(List.of(), where(f, "non-idempotent-ddl"), "the IF NOT EXISTS guard makes it repeatable");
    }

    @Test
    void rulesSeeTheBlocksStatementsInOrder() {
        List<Finding> f = lint("numbered", """
                DO $$
                BEGIN
                    CREATE TABLE orders_archive (id bigint);
                    CREATE INDEX orders_archive_id ON orders_archive (id);
                    CREATE INDEX orders_note_idx ON orders (note);
                END $$;
                """);
        assertEquals(List.of("5:5"), where(f, "require-concurrent-index"));
        assertTrue(f.stream()
                .filter(x -> x.ruleId().equals("require-concurrent-index"))
                .allMatch(x -> x.help().startsWith("Take it out of the DO block")));
    }

    @Test
    void suppressionsWorkInsideTheBodyAndBeforeTheBlock() {
        List<Finding> f = lint("numbered", """
                DO $$
                BEGIN
                    -- miglint:ignore update-without-where every row gets the default on purpose
                    UPDATE orders SET note = 'n/a';
                    UPDATE orders SET note = 'x';
                END $$;
                -- miglint:ignore update-without-where one-off data fix
                DO $$ BEGIN
                    EXECUTE 'UPDATE orders SET note = ''y''';
                END $$;
                """);
        assertEquals(List.of("4:5 suppressed", "5:5", "9:14 suppressed"), where(f, "update-without-where"));
        assertEquals(List.of(), where(f, "unknown-suppression"));
    }

    @Test
    void aMisspelledIdInsideTheBodyIsReported() {
        List<Finding> f = lint("numbered", """
                DO $$
                BEGIN
                    -- miglint:ignore update-withot-where typo
                    UPDATE orders SET note = 'n/a';
                END $$;
                """);
        assertEquals(List.of("3:5"), where(f, "unknown-suppression"));
        assertEquals(List.of("4:5"), where(f, "update-without-where"));
    }

    @Test
    void aCatchAllHandlerIsReportedAtItsWhen() {
        List<Finding> f = lint("numbered", """
                SET lock_timeout = '5s';
                DO $$
                BEGIN
                    ALTER TABLE orders ADD COLUMN total numeric;
                EXCEPTION
                    WHEN others THEN NULL;
                END $$;
                """);
        assertEquals(List.of("6:5"), where(f, "exception-swallows-error"));
    }
}
