package io.miglint.gate;

import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What apply and force say before they change anything: the plan, an empty --down, a version the folder lacks. */
@Tag("slow")
class ApplyPlanTest {
    @TempDir
    Path tmp;

    private Path golangMigrateFolder() throws Exception {
        Path dir = tmp.resolve("golang");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("20240101120000_a.up.sql"), "create table a (id int);\n");
        Files.writeString(dir.resolve("20240101120000_a.down.sql"), "drop table a;\n");
        Files.writeString(dir.resolve("20240102120000_b.up.sql"), "create table b (id int);\n");
        Files.writeString(dir.resolve("20240102120000_b.down.sql"), "drop table b;\n");
        return dir;
    }

    private static GateDatabases.Run golangMigrate(String command, Path folder, String db, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.addAll(Arrays.asList(more));
        args.addAll(List.of(folder.toString(), "--database-url", url(db), "--layout", "golang-migrate"));
        return GateDatabases.miglint(args.toArray(String[]::new));
    }

    /** Before, an explicit 0 read as "no --down": apply ran every pending migration instead of rolling none back. */
    @Test
    void downZeroChangesNothingAndSaysSo() throws Exception {
        Path folder = golangMigrateFolder();
        String db = GateDatabases.create();
        try {
            GateDatabases.Run first =
                    golangMigrate("apply", folder, db, "--yes", "--skip-gate", "--to", "20240101120000");
            assertEquals(0, first.exit(), first.out() + first.err());

            GateDatabases.Run zero = golangMigrate("apply", folder, db, "--yes", "--skip-gate", "--down", "0");
            assertEquals(0, zero.exit(), zero.out() + zero.err());
            assertTrue(
                    zero.out()
                            .startsWith(
                                    "Nothing to roll back: --down 0 names no migration; nothing was " + "changed on "),
                    zero.out());
            assertEquals(
                    List.of(List.of("20240101120000", "f")), rows(db, "select version, dirty from schema_migrations"));
            assertEquals(
                    List.of(List.of("t", "f")),
                    rows(db, "select to_regclass('a') is not null, to_regclass('b') is not null"));

            GateDatabases.Run negative = golangMigrate("apply", folder, db, "--yes", "--down", "-1");
            assertEquals(2, negative.exit(), negative.out() + negative.err());
        } finally {
            GateDatabases.drop(db);
        }
    }

    /**
     * The dry run prints the migrations' SQL and names to stdout, which a CI runner reads for workflow commands: a
     * control character or a line starting {@code ::} in a migration is shown, never obeyed.
     */
    @Test
    void theDryRunShowsAHostileMigrationWithoutObeyingIt() throws Exception {
        Path dir = tmp.resolve("hostile");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("20240101120000_a\u001b[2Jx.up.sql"),
                "create table a (id int);\n::error title=pwned::owned\nselect '\u001b]0;title\u0007';\n");
        Files.writeString(dir.resolve("20240101120000_a\u001b[2Jx.down.sql"), "drop table a;\n");
        String db = GateDatabases.create();
        try {
            GateDatabases.Run dry = golangMigrate("apply", dir, db, "--dry-run", "--skip-gate");
            assertEquals(0, dry.exit(), dry.out() + dry.err());
            assertTrue(dry.out().contains("create table a (id int);"), dry.out());
            assertTrue(dry.out().lines().noneMatch(l -> l.stripLeading().startsWith("::")), dry.out());
            assertTrue(dry.out().chars().noneMatch(c -> c == 0x1b || c == 0x07), dry.out());
        } finally {
            GateDatabases.drop(db);
        }
    }

    /**
     * Before, {@code --to} with a mistyped version applied every migration up to the typo, and force recorded a version
     * that no file describes.
     */
    @Test
    void aVersionTheFolderLacksIsRefusedWithTheClosestOne() throws Exception {
        Path folder = golangMigrateFolder();
        String db = GateDatabases.create();
        try {
            GateDatabases.Run to = golangMigrate("apply", folder, db, "--yes", "--skip-gate", "--to", "20240102120001");
            assertEquals(2, to.exit(), to.out() + to.err());
            assertTrue(to.err().startsWith("miglint: version 20240102120001 is not in "), to.err());
            assertTrue(to.err().endsWith("golang (did you mean '20240102120000'?); nothing was applied\n"), to.err());
            assertEquals(1, to.err().lines().count(), to.err());
            assertEquals(List.of(List.of("f")), rows(db, "select to_regclass('schema_migrations') is not null"));

            GateDatabases.Run dry = golangMigrate("apply", folder, db, "--dry-run", "--to", "20240102120001");
            assertEquals(2, dry.exit(), dry.out() + dry.err());

            GateDatabases.Run ok = golangMigrate("apply", folder, db, "--yes", "--skip-gate", "--to", "20240101120000");
            assertEquals(0, ok.exit(), ok.out() + ok.err());
            exec(db, "update schema_migrations set dirty = true");

            GateDatabases.Run force = golangMigrate("force", folder, db, "20240101120001");
            assertEquals(2, force.exit(), force.out() + force.err());
            assertTrue(force.err().startsWith("miglint: version 20240101120001 is not in "), force.err());
            assertTrue(
                    force.err()
                            .endsWith(
                                    "golang (did you mean '20240101120000'?): forcing it would record a version no file describes, so nothing was changed (name one of the "
                                            + "folder's versions, or -1 for no migration applied)\n"),
                    force.err());
            assertEquals(
                    List.of(List.of("20240101120000", "t")), rows(db, "select version, dirty from schema_migrations"));

            GateDatabases.Run right = golangMigrate("force", folder, db, "20240101120000");
            assertEquals(0, right.exit(), right.out() + right.err());
            assertEquals(
                    List.of(List.of("20240101120000", "f")), rows(db, "select version, dirty from schema_migrations"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    /** A version by its numbers: {@code --to 1} is the folder's {@code 001}, as golang-migrate reads both as 1. */
    @Test
    void aVersionByItsNumbersIsTheFoldersVersion() throws Exception {
        Path dir = tmp.resolve("padded");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("001_a.up.sql"), "create table a (id int);\n");
        Files.writeString(dir.resolve("002_b.up.sql"), "create table b (id int);\n");
        String db = GateDatabases.create();
        try {
            GateDatabases.Run to = golangMigrate("apply", dir, db, "--yes", "--skip-gate", "--to", "1");
            assertEquals(0, to.exit(), to.out() + to.err());
            assertEquals(List.of(List.of("1", "f")), rows(db, "select version, dirty from schema_migrations"));
            assertEquals(
                    List.of(List.of("t", "f")),
                    rows(db, "select to_regclass('a') is not null, to_regclass('b') is not null"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    private static void exec(String db, String sql) throws Exception {
        GateDatabases.exec(db, sql);
    }

    private static List<String> planLines(String out) {
        return out.lines().filter(l -> l.startsWith("  ")).toList();
    }

    /**
     * The plan is printed before anything runs, so it is there even when the run stops at its second migration, and
     * names each migration's direction and how it runs (dbmate: a transaction per section unless transaction:false).
     */
    @Test
    void applyPrintsThePlanBeforeItRunsAndTheDryRunPrintsTheSame() throws Exception {
        Path folder = tmp.resolve("dbmate").resolve("db").resolve("migrations");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("20240105093000_create_users.sql"), """
                -- migrate:up
                create table users (id bigint primary key);

                -- migrate:down
                drop table users;
                """);
        Files.writeString(folder.resolve("20240112141400_index_users.sql"), """
                -- migrate:up transaction:false
                create index concurrently users_id_idx on users (user_id);

                -- migrate:down transaction:false
                drop index concurrently users_id_idx;
                """);
        String db = GateDatabases.create();
        try {
            List<String> expected = List.of(
                    "  20240105093000 create_users (up): in one transaction, with its tracking row",
                    "  20240112141400 index_users (up): outside a transaction, sent as one query (PostgreSQL runs a "
                            + "query of several statements as one implicit transaction); marked before it runs, "
                            + "recorded after");
            GateDatabases.Run dry = GateDatabases.miglint(
                    "apply", folder.toString(), "--database-url", url(db), "--layout", "dbmate", "--dry-run");
            assertEquals(0, dry.exit(), dry.out() + dry.err());
            assertTrue(dry.out().startsWith("Would apply 2 migration(s) on "), dry.out());
            assertEquals(expected, planLines(dry.out()), dry.out());
            assertTrue(dry.out().contains("-- 20240112141400 index_users (up, "), dry.out());

            GateDatabases.Run run = GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--layout",
                    "dbmate",
                    "--yes",
                    "--skip-gate");
            assertEquals(1, run.exit(), run.out() + run.err());
            assertTrue(run.out().startsWith("Will apply 2 migration(s) on "), run.out());
            assertTrue(run.out().contains("(tracking table schema_migrations, advisory lock: "), run.out());
            assertEquals(expected, planLines(run.out()), run.out());
            assertTrue(run.err().contains("column \"user_id\" does not exist"), run.err());
            assertEquals(List.of(List.of("20240105093000")), rows(db, "select version from schema_migrations"));

            Files.writeString(folder.resolve("20240112141400_index_users.sql"), """
                    -- migrate:up transaction:false
                    create index concurrently users_id_idx on users (id);

                    -- migrate:down transaction:false
                    drop index concurrently users_id_idx;
                    """);
            GateDatabases.Run force = GateDatabases.miglint(
                    "force", "20240112141400", folder.toString(), "--database-url", url(db), "--layout", "dbmate");
            assertEquals(0, force.exit(), force.out() + force.err());
            GateDatabases.Run rest = GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--layout",
                    "dbmate",
                    "--yes",
                    "--skip-gate");
            assertEquals(0, rest.exit(), rest.out() + rest.err());

            GateDatabases.Run down = GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--layout",
                    "dbmate",
                    "--yes",
                    "--down",
                    "2");
            assertEquals(0, down.exit(), down.out() + down.err());
            assertTrue(down.out().startsWith("Will roll back 2 migration(s) on "), down.out());
            assertEquals(
                    List.of(
                            "  20240112141400 index_users (down): outside a transaction, sent as one query (PostgreSQL runs "
                                    + "a query of several statements as one implicit transaction); marked before it runs, "
                                    + "recorded after",
                            "  20240105093000 create_users (down): in one transaction, with its tracking row"),
                    planLines(down.out()),
                    down.out());
            assertEquals(List.of(), rows(db, "select version from schema_migrations"));
        } finally {
            GateDatabases.drop(db);
        }
    }
}
