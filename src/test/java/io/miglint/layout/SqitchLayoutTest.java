package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.diagnostic.ToolError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqitchLayoutTest {
    @TempDir
    Path repo;

    private Path put(String relative, String text) throws IOException {
        Path f = repo.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    /** A sqitch project under db/, whose change names are no versions and whose order is the plan's. */
    private Path project() throws IOException {
        put(
                "db/sqitch.plan",
                "%syntax-version=1.0.0\n%project=shop\n\n"
                        + "tables/users 2024-01-01T00:00:00Z A <a@x>\n"
                        + "001_numbered_looking 2024-01-01T00:00:00Z A <a@x>\n"
                        + "tables/orders [tables/users] 2024-01-01T00:00:00Z A <a@x>\n"
                        + "@v1 2024-01-02T00:00:00Z A <a@x>\n"
                        + "tables/orders 2024-01-03T00:00:00Z A <a@x>\n");
        put("db/sqitch.conf", "[core]\n\tengine = pg\n");
        put("db/deploy/tables/users.sql", "BEGIN;\nCREATE TABLE users (id bigint);\nCOMMIT;\n");
        put("db/revert/tables/users.sql", "BEGIN;\nDROP TABLE users;\nCOMMIT;\n");
        put("db/verify/tables/users.sql", "SELECT id FROM users WHERE false;\n");
        put("db/deploy/001_numbered_looking.sql", "SELECT 1;\n");
        put("db/revert/001_numbered_looking.sql", "SELECT 1;\n");
        put("db/deploy/tables/orders@v1.sql", "CREATE TABLE orders (id bigint);\n");
        put("db/revert/tables/orders@v1.sql", "DROP TABLE orders;\n");
        put("db/deploy/tables/orders.sql", "ALTER TABLE orders ADD COLUMN total numeric;\n");
        put("db/revert/tables/orders.sql", "ALTER TABLE orders DROP COLUMN total;\n");
        put("db/verify/tables/orders@v1.sql", "SELECT 1;\n");
        put("db/revert/tables/gone.sql", "DROP TABLE gone;\n");
        return repo.resolve("db");
    }

    @Test
    void theProjectIsOneSetInPlanOrderWithReworkedScriptsAndNoVerifyScripts() throws IOException {
        Path db = project();
        put("other/1_init.up.sql", "CREATE TABLE x (id int);\n");
        put("other/1_init.down.sql", "DROP TABLE x;\n");
        Discovery d = MigrationDiscovery.discover(List.of(repo), Optional.empty());
        assertEquals(2, d.sets().size(), d.sets().toString());
        MigrationSet set = d.sets().stream()
                .filter(s -> s.layout() == LayoutKind.SQITCH)
                .findFirst()
                .orElseThrow();
        assertEquals(db.toRealPath(), set.folder());
        assertTrue(set.detectedBy().contains("sqitch.plan (4 changes)"), set.detectedBy());
        assertEquals(
                List.of("tables/users", "001_numbered_looking", "tables/orders", "tables/orders"),
                set.migrations().stream().map(Migration::name).toList());
        assertEquals(
                List.of("1", "2", "3", "4"),
                set.migrations().stream().map(m -> m.version().text()).toList());
        Migration earlier = set.migrations().get(2);
        assertEquals("orders@v1.sql", earlier.up().file().getFileName().toString());
        assertEquals("orders@v1.sql", earlier.down().file().getFileName().toString());
        assertEquals(
                "orders.sql", set.migrations().get(3).up().file().getFileName().toString());
        // psql, ON_ERROR_STOP, no transaction of sqitch's own: statement by statement, the script's BEGIN decides
        Execution e = earlier.up().execution();
        assertFalse(e.wrapped());
        assertFalse(e.singleQuery());
        assertTrue(e.reason().contains("ON_ERROR_STOP=1"), e.reason());
        // verify scripts are neither migrations nor strays; a revert script no change names is a stray
        assertEquals(List.of(db.toRealPath().resolve("revert/tables/gone.sql")), set.otherFiles());
        assertEquals(List.of(), d.problems());
    }

    @Test
    void aScriptNamedOnItsOwnIsLintedWithItsProject() throws IOException {
        Files.createDirectories(repo.resolve(".git")); // the project's repository bounds the search for its plan
        Path db = project();
        Path script = db.resolve("deploy/tables/orders.sql");
        Discovery d = MigrationDiscovery.discover(List.of(script), Optional.empty());
        assertEquals(1, d.sets().size(), d.problems().toString());
        assertEquals(LayoutKind.SQITCH, d.sets().get(0).layout());
        assertEquals(4, d.sets().get(0).migrations().size());
    }

    @Test
    void aChangeWithoutScriptsAndABadPlanLineAreToolErrorsAtTheirPlanLines() throws IOException {
        put(
                "db/sqitch.plan",
                "%project=shop\n\n"
                        + "a 2024-01-01T00:00:00Z A <a@x>\n"
                        + "b 2024-01-01T00:00:00Z A <a@x>\n"
                        + "x 2024-01-01T00:00:00Z A <a@x>\n"
                        + "c [a] 2024-01-01T00:00:00Z\n");
        put("db/deploy/a.sql", "SELECT 1;\n");
        put("db/revert/b.sql", "SELECT 1;\n");
        Discovery d = MigrationDiscovery.discover(List.of(repo.resolve("db")), Optional.empty());
        MigrationSet set = d.sets().get(0);
        assertEquals(
                List.of("a", "b"),
                set.migrations().stream().map(Migration::name).toList());
        assertNull(set.migrations().get(1).up());
        List<String> problems = d.problems().stream().map(ToolError::render).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).contains("sqitch.plan:6:1") && problems.get(0).contains("Missing planner"),
                problems.get(0));
        assertTrue(
                problems.get(1).contains("sqitch.plan:5:1") && problems.get(1).contains("deploy/x.sql"),
                problems.get(1));
    }

    @Test
    void aForcedSqitchLayoutWithoutPlanSaysSo() throws IOException {
        put("db/deploy/a.sql", "SELECT 1;\n");
        put("db/001_x.sql", "SELECT 1;\n");
        Discovery d = MigrationDiscovery.discover(List.of(repo.resolve("db")), Optional.of(LayoutKind.SQITCH));
        assertTrue(
                d.problems().stream().anyMatch(p -> p.render().contains("no sqitch.plan")),
                d.problems().toString());
    }

    @Test
    void aPlanWithoutDeployFolderIsNoSqitchProject() throws IOException {
        put("db/sqitch.plan", "%project=shop\n\n");
        put("db/001_init.sql", "CREATE TABLE x (id int);\n");
        assertEquals(
                LayoutKind.NUMBERED,
                LayoutDetector.detect(repo.resolve("db")).orElseThrow().layout());
    }
}
