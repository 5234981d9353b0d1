package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.miglint.diagnostic.ToolError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutDetectionTest {
    @TempDir
    Path tmp;

    private Path write(String relative, String text) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private MigrationSet only(Path folder) {
        Discovery d = MigrationDiscovery.discover(List.of(folder), Optional.empty());
        assertEquals(1, d.sets().size(), () -> d.sets() + " " + d.problems());
        return d.sets().get(0);
    }

    private static List<String> versions(MigrationSet s) {
        return s.migrations().stream().map(m -> m.version().text()).toList();
    }

    @Test
    void golangMigrateOrdersNumericallyAndPairsByVersion() throws IOException {
        write("m/100_add_orders.up.sql", "CREATE TABLE orders (id int);");
        write("m/100_add_orders.down.sql", "DROP TABLE orders;");
        write("m/9_create_users.up.sql", "CREATE TABLE users (id int);");
        write("m/9_create_users.down.sql", "DROP TABLE users;");
        write("m/10_add_email.postgres.up.sql", "ALTER TABLE users ADD email text;");
        write("m/10_add_email.mysql.up.sql", "ALTER TABLE users ADD email text;");
        write("m/README.md", "notes");
        MigrationSet s = only(tmp.resolve("m"));
        assertEquals(LayoutKind.GOLANG_MIGRATE, s.layout());
        assertTrue(s.detectedBy().contains("nothing tells them apart"), s.detectedBy());
        assertEquals(Optional.of(LayoutKind.SQLX), s.alsoFits(), "no go.mod or Cargo.toml: a guess");
        assertEquals(List.of("9", "10", "100"), versions(s));
        Migration first = s.migrations().get(0);
        assertEquals("create_users", first.name());
        assertTrue(first.down().file().toString().endsWith("9_create_users.down.sql"));
        assertEquals("add_email", s.migrations().get(1).name());
        assertNull(s.migrations().get(1).down());
        Execution e = first.up().execution();
        assertFalse(e.wrapped());
        assertTrue(e.singleQuery());
        assertEquals(
                Set.of("README.md", "10_add_email.mysql.up.sql"),
                Set.copyOf(s.otherFiles().stream()
                        .map(p -> p.getFileName().toString())
                        .toList()));
    }

    @Test
    void upDownNamingIsSqlxWhenAFileSaysNoTransactionOrCargoUsesSqlx() throws IOException {
        write("a/1_create_users.up.sql", "CREATE TABLE users (id int);");
        write("a/1_create_users.down.sql", "DROP TABLE users;");
        write("a/2_index_users.up.sql", "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON users (id);");
        write("a/2_index_users.down.sql", "DROP INDEX i;");
        MigrationSet a = only(tmp.resolve("a"));
        assertEquals(LayoutKind.SQLX, a.layout());
        assertTrue(a.detectedBy().contains("2_index_users.up.sql starts with '-- no-transaction'"), a.detectedBy());
        assertTrue(a.migrations().get(0).up().execution().wrapped());
        assertFalse(a.migrations().get(1).up().execution().wrapped());
        assertTrue(a.migrations().get(1).up().execution().reason().contains("no-transaction"));

        write("rust/Cargo.toml", "[dependencies]\nsqlx = { version = \"0.8\", features = [\"postgres\"] }\n");
        write("rust/migrations/20240101000000_create_users.up.sql", "CREATE TABLE users (id int);");
        write("rust/migrations/20240101000000_create_users.down.sql", "DROP TABLE users;");
        MigrationSet r = only(tmp.resolve("rust/migrations"));
        assertEquals(LayoutKind.SQLX, r.layout());
        assertTrue(r.detectedBy().contains("Cargo.toml uses sqlx"), r.detectedBy());

        Discovery forced =
                MigrationDiscovery.discover(List.of(tmp.resolve("a")), Optional.of(LayoutKind.GOLANG_MIGRATE));
        assertEquals(LayoutKind.GOLANG_MIGRATE, forced.sets().get(0).layout());
        assertEquals("--layout", forced.sets().get(0).detectedBy());
    }

    /** golang-migrate and sqlx share {version}_{name}.up.sql; the project around the folder says which it is. */
    @Test
    void upDownNamingFollowsTheNearestProjectFileUpToTheRepositoryRoot() throws IOException {
        Files.createDirectories(tmp.resolve(".git"));
        String[] pair = {"20240101000000_create_users.up.sql", "20240101000000_create_users.down.sql"};
        for (String project : new String[] {"rust", "go", "none", "diesel", "both"}) {
            for (String f : pair) {
                write(
                        project + "/crates/db/migrations/" + f,
                        f.contains(".up.") ? "CREATE TABLE users (id int);" : "DROP TABLE users;");
            }
        }
        // A Rust project: sqlx, even when its Cargo.toml does not name it (a workspace root's, say).
        write("rust/Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n");
        MigrationSet rust = only(tmp.resolve("rust/crates/db/migrations"));
        assertEquals(LayoutKind.SQLX, rust.layout(), rust.detectedBy());
        assertTrue(rust.detectedBy().contains("rust/Cargo.toml (a Rust project"), rust.detectedBy());
        assertEquals(Optional.empty(), rust.alsoFits());
        assertTrue(rust.migrations().get(0).up().execution().wrapped(), "sqlx wraps the file");

        write("go/go.mod", "module example.com/app\n");
        MigrationSet go = only(tmp.resolve("go/crates/db/migrations"));
        assertEquals(LayoutKind.GOLANG_MIGRATE, go.layout(), go.detectedBy());
        assertTrue(go.detectedBy().contains("go/go.mod (a Go project"), go.detectedBy());
        assertEquals(Optional.empty(), go.alsoFits());

        MigrationSet none = only(tmp.resolve("none/crates/db/migrations"));
        assertEquals(LayoutKind.GOLANG_MIGRATE, none.layout());
        assertEquals(Optional.of(LayoutKind.SQLX), none.alsoFits());
        assertFalse(none.migrations().get(0).up().execution().wrapped(), "golang-migrate's execution is kept");

        // diesel reads only {version}_{name}/up.sql folders: a diesel project's Cargo.toml says nothing about these.
        write("diesel/Cargo.toml", "[dependencies]\ndiesel = \"2\"\n");
        write("diesel/diesel.toml", "[migrations_directory]\n");
        assertEquals(
                Optional.of(LayoutKind.SQLX),
                only(tmp.resolve("diesel/crates/db/migrations")).alsoFits());
        write("both/crates/db/Cargo.toml", "[package]\n");
        write("both/crates/db/go.mod", "module x\n");
        assertEquals(
                Optional.of(LayoutKind.SQLX),
                only(tmp.resolve("both/crates/db/migrations")).alsoFits());

        // The nearest project file wins: a go.mod between the folder and a Cargo.toml above it.
        write("rust/crates/db/go.mod", "module example.com/tools\n");
        assertEquals(
                LayoutKind.GOLANG_MIGRATE,
                only(tmp.resolve("rust/crates/db/migrations")).layout());

        // --layout settles it: no guess.
        Discovery forced = MigrationDiscovery.discover(
                List.of(tmp.resolve("none/crates/db/migrations")), Optional.of(LayoutKind.SQLX));
        assertEquals(LayoutKind.SQLX, forced.sets().get(0).layout());
        assertEquals(Optional.empty(), forced.sets().get(0).alsoFits());
    }

    @Test
    void projectFilesAreNotLookedForAboveTheRepositoryRootNorTooFarUp() throws IOException {
        write("Cargo.toml", "[package]\n");
        write("repo/.git/HEAD", "ref: refs/heads/main\n");
        write("repo/db/1_a.up.sql", "CREATE TABLE a (id int);");
        write("repo/db/1_a.down.sql", "DROP TABLE a;");
        MigrationSet inRepo = only(tmp.resolve("repo/db"));
        assertEquals(LayoutKind.GOLANG_MIGRATE, inRepo.layout(), "the Cargo.toml is outside the repository");
        assertEquals(Optional.of(LayoutKind.SQLX), inRepo.alsoFits());

        String deep = "far/a/b/c/d/e/f/g/h/i";
        write(deep + "/1_a.up.sql", "CREATE TABLE a (id int);");
        write(deep + "/1_a.down.sql", "DROP TABLE a;");
        write("far/.git/HEAD", "ref: refs/heads/main\n");
        write("far/go.mod", "module x\n");
        assertEquals(Optional.of(LayoutKind.SQLX), only(tmp.resolve(deep)).alsoFits(), "go.mod is 9 levels up");
        write("far/a/go.mod", "module x\n");
        assertEquals(Optional.empty(), only(tmp.resolve(deep)).alsoFits(), "go.mod is 8 levels up");
    }

    @Test
    void sqlxNoTransactionMustBeTheFirstBytes() throws IOException {
        write("s/Cargo.toml", "sqlx = \"0.8\"");
        write("s/m/1_a.sql", "\n-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (x);");
        write("s/m/2_b.sql", "-- no-transaction\nCREATE INDEX CONCURRENTLY j ON t (y);");
        MigrationSet s = only(tmp.resolve("s/m"));
        assertEquals(LayoutKind.SQLX, s.layout());
        assertTrue(s.migrations().get(0).up().execution().wrapped(), "a blank line first: sqlx wraps it");
        assertFalse(s.migrations().get(1).up().execution().wrapped());
    }

    @Test
    void sqlxSeedStylePairsPlainSqlWithDownSql() throws IOException {
        write("m/20240101120000_create_users.sql", "CREATE TABLE users (id int);");
        write("m/20240101120000_create_users.down.sql", "DROP TABLE users;");
        write("m/20240102120000_create_orders.sql", "CREATE TABLE orders (id int);");
        MigrationSet s = only(tmp.resolve("m"));
        assertEquals(LayoutKind.SQLX, s.layout());
        assertTrue(s.detectedBy().contains("paired with a .down.sql"), s.detectedBy());
        assertEquals(2, s.migrations().size());
        assertEquals(Direction.DOWN, s.migrations().get(0).down().direction());
        assertNull(s.migrations().get(1).down());
    }

    @Test
    void dbmateSectionsAndTransactionOption() throws IOException {
        String text = "-- comment before is fine\n-- migrate:up transaction:false\n"
                + "CREATE INDEX CONCURRENTLY i ON users (email);\n\n-- migrate:down\nDROP INDEX CONCURRENTLY i;\n";
        write("db/migrations/20240101120000_index_users_email.sql", text);
        write("db/migrations/20240101110000_create_users.sql", "-- migrate:up\nCREATE TABLE users (id int);\n");
        MigrationSet s = only(tmp.resolve("db/migrations"));
        assertEquals(LayoutKind.DBMATE, s.layout());
        Migration create = s.migrations().get(0);
        assertEquals("create_users", create.name());
        assertNull(create.down(), "no '-- migrate:down' means no down");
        assertTrue(create.up().execution().wrapped());
        Migration index = s.migrations().get(1);
        String up = text.substring(index.up().start(), index.up().end());
        String down = text.substring(index.down().start(), index.down().end());
        assertTrue(up.startsWith("-- migrate:up transaction:false") && up.contains("CONCURRENTLY i ON"), up);
        assertTrue(down.startsWith("-- migrate:down") && down.contains("DROP INDEX"), down);
        assertFalse(index.up().execution().wrapped());
        assertTrue(index.up().execution().singleQuery());
        assertTrue(index.down().execution().wrapped(), "options apply per section");
    }

    @Test
    void dbmateDirectivesFollowDbmateRegexes() {
        // Indented: not a directive for dbmate, so the DROP runs as part of the up section.
        DbmateSections indented =
                DbmateSections.parse("-- migrate:up\nCREATE TABLE t ();\n    -- migrate:down\nDROP TABLE t;\n");
        assertFalse(indented.hasDown());
        assertTrue(DbmateSections.parse("--migrate:up\nSELECT 1;\n--migrate:down\n")
                .hasDown());
        DbmateSections options = DbmateSections.parse("--   migrate:up   transaction:false  \nSELECT 1;\n");
        assertFalse(options.upTransaction());
        assertTrue(DbmateSections.parse("-- migrate:up transaction:true\n").upTransaction());
        assertEquals(
                Optional.of("dbmate refuses statements before the '-- migrate:up' line"),
                DbmateSections.parse("CREATE TYPE s AS ENUM ('a');\n-- migrate:up\nSELECT 1;\n")
                        .problem());
        assertTrue(DbmateSections.parse("-- migrate:down\nSELECT 1;\n-- migrate:up\nSELECT 2;\n")
                .problem()
                .orElseThrow()
                .contains("before"));
        assertTrue(DbmateSections.parse("SELECT 1;\n").problem().orElseThrow().contains("up block"));
    }

    @Test
    void aSecondDbmateSectionIsNotReadAsTheFirstOnesDown() {
        String text = "-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n"
                + "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY t_id ON t (id);\n"
                + "-- migrate:down\nDROP INDEX t_id;\n";
        DbmateSections s = DbmateSections.parse(text);
        assertEquals("-- migrate:down\nDROP TABLE t;\n", text.substring(s.downStart(), s.downEnd()));
        assertEquals(List.of(text.indexOf("-- migrate:up transaction:false")), s.laterSections());
        assertTrue(s.upTransaction());
        // the first section without a down of its own: no down is read (down-missing says dbmate refuses it)
        DbmateSections noDown =
                DbmateSections.parse("-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n-- migrate:down\n");
        assertFalse(noDown.hasDown());
        assertEquals(
                "-- migrate:up\nSELECT 1;\n",
                "-- migrate:up\nSELECT 1;\n-- migrate:up\n".substring(noDown.upStart(), noDown.upEnd()));
    }

    @Test
    void aDieselFolderWithoutUnderscoreIsAMigrationWholeNameTheVersion() throws IOException {
        // diesel's version_from_string takes the name up to the first '_': graph-node has such a folder, and runs it
        write("migrations/2023-05-20-000000_create_users/up.sql", "CREATE TABLE users (id int);");
        write("migrations/2023-05-23-1715-update-assignment/up.sql", "ALTER TABLE users ADD COLUMN a int;");
        MigrationSet s = only(tmp.resolve("migrations"));
        assertEquals(2, s.migrations().size(), s.migrations().toString());
        assertEquals(
                "2023-05-23-1715-update-assignment",
                s.migrations().get(1).version().text());
        assertTrue(s.otherFiles().isEmpty(), s.otherFiles().toString());
    }

    @Test
    void dieselFoldersWithMetadataToml() throws IOException {
        write("migrations/00000000000000_diesel_initial_setup/up.sql", "SELECT 1;");
        write("migrations/00000000000000_diesel_initial_setup/down.sql", "SELECT 1;");
        write("migrations/2024-01-02-000000_index_users/up.sql", "CREATE INDEX CONCURRENTLY i ON users (id);");
        write("migrations/2024-01-02-000000_index_users/down.sql", "DROP INDEX CONCURRENTLY i;");
        write("migrations/2024-01-02-000000_index_users/metadata.toml", "run_in_transaction = false\n");
        write("migrations/2023-12-31-235959-0000_create_users/up.sql", "CREATE TABLE users (id int);");
        write("migrations/.keep", "");
        MigrationSet s = only(tmp.resolve("migrations"));
        assertEquals(LayoutKind.DIESEL, s.layout());
        assertEquals(List.of("00000000000000", "2023-12-31-235959-0000", "2024-01-02-000000"), versions(s));
        assertTrue(s.migrations().get(0).up().execution().wrapped());
        assertNull(s.migrations().get(1).down());
        Migration index = s.migrations().get(2);
        assertEquals("index_users", index.name());
        assertFalse(index.up().execution().wrapped());
        assertFalse(index.down().execution().wrapped());
        assertTrue(index.up().execution().reason().contains("run_in_transaction = false"));
        assertEquals(List.of(), s.otherFiles());
    }

    @Test
    void flywayVersionedUndoRepeatableAndConf() throws IOException {
        write("sql/V1__create_users.sql", "CREATE TABLE users (id int);");
        write("sql/U1__create_users.sql", "DROP TABLE users;");
        write("sql/V1.10__add_index.sql", "CREATE INDEX CONCURRENTLY i ON users (id);");
        write("sql/V1.10__add_index.sql.conf", "executeInTransaction=false\n");
        write("sql/V1.2__add_email.sql", "ALTER TABLE users ADD email text;");
        write("sql/R__users_view.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;");
        write("sql/U7__orphan.sql", "SELECT 1;");
        MigrationSet s = only(tmp.resolve("sql"));
        assertEquals(LayoutKind.FLYWAY, s.layout());
        assertEquals(List.of("1", "1.2", "1.10", "7", ""), versions(s));
        assertEquals(
                List.of("V", "V", "V", "U", "R"),
                s.migrations().stream().map(Migration::kind).toList());
        assertTrue(s.migrations().get(0).down().file().endsWith("U1__create_users.sql"));
        assertTrue(s.migrations().get(0).up().execution().wrapped());
        assertFalse(s.migrations().get(0).up().execution().singleQuery());
        assertFalse(s.migrations().get(2).up().execution().wrapped(), "executeInTransaction=false in the .conf");
        assertNull(s.migrations().get(3).up(), "an undo without its versioned script");
        assertEquals(List.of(), s.otherFiles(), "a script's .conf is context, not a stray file");
    }

    @Test
    void numberedAndDatePrefixedScriptsRunAsWritten() throws IOException {
        write("upgrades/001_create_users.sql", "BEGIN;\nCREATE TABLE users (id int);\nCOMMIT;\n");
        write("upgrades/002_create_orders.sql", "BEGIN;\nCREATE TABLE orders (id int);\nCOMMIT;\n");
        write("updates/20190101-add-email.sql", "\\set ON_ERROR_STOP 1\nALTER TABLE users ADD email text;\n");
        write("updates/20190305-add-phone.sql", "ALTER TABLE users ADD phone text;\n");
        MigrationSet n = only(tmp.resolve("upgrades"));
        assertEquals(LayoutKind.NUMBERED, n.layout());
        assertEquals("create_users", n.migrations().get(0).name());
        Execution e = n.migrations().get(0).up().execution();
        assertFalse(e.wrapped() || e.singleQuery());
        MigrationSet d = only(tmp.resolve("updates"));
        assertEquals(LayoutKind.NUMBERED, d.layout());
        assertEquals("add-email", d.migrations().get(0).name());
    }

    @Test
    void rollbackSuffixPairs() throws IOException {
        write("m/20240101_120000_create_users.sql", "BEGIN; CREATE TABLE users (id int); COMMIT;");
        write("m/20240101_120000_create_users_rollback.sql", "BEGIN; DROP TABLE users; COMMIT;");
        write("m/20240102_090000_create_orders.sql", "BEGIN; CREATE TABLE orders (id int); COMMIT;");
        MigrationSet s = only(tmp.resolve("m"));
        assertEquals(LayoutKind.ROLLBACK_SUFFIX, s.layout());
        assertEquals(2, s.migrations().size());
        assertEquals("create_users", s.migrations().get(0).name());
        assertTrue(s.migrations().get(0).down().file().endsWith("20240101_120000_create_users_rollback.sql"));
        assertNull(s.migrations().get(1).down());
        assertFalse(s.migrations().get(0).up().execution().wrapped());
    }

    @Test
    void duplicatesAndOrphanedDownsAreKept() throws IOException {
        write("m/1_create_users.up.sql", "x");
        write("m/1_create_users.down.sql", "x");
        write("m/1_create_orders.up.sql", "x");
        write("m/2_drop_things.down.sql", "x");
        MigrationSet s = only(tmp.resolve("m"));
        assertEquals(List.of("1", "1", "2"), versions(s));
        Migration users = s.migrations().stream()
                .filter(m -> m.name().equals("create_users"))
                .findFirst()
                .orElseThrow();
        assertTrue(users.down().file().endsWith("1_create_users.down.sql"));
        Migration orphan = s.migrations().get(2);
        assertNull(orphan.up());
        assertEquals(Direction.DOWN, orphan.down().direction());
    }

    @Test
    void aWalkLeavesOutFoldersOfOtherDatabasesButReadsOneNamedOnTheCommandLine() throws IOException {
        // CredHub's db/migration: common and postgres for PostgreSQL, mysql and h2 for the others
        write("db/migration/common/V48__drop_audit_tables.sql", "DROP TABLE request_audit_record;\n");
        write("db/migration/postgres/V1__initial.sql", "CREATE TABLE request_audit_record (id bigint);\n");
        write("db/migration/mysql/V1__initial.sql", "CREATE TABLE request_audit_record (id bigint) ENGINE=InnoDB;\n");
        write("db/migration/h2/V1__initial.sql", "CREATE TABLE request_audit_record (id bigint);\n");
        Discovery d = discoverFromTmp(tmp);
        assertEquals(
                List.of("db/migration/common", "db/migration/postgres"),
                d.sets().stream().map(MigrationSet::displayFolder).toList());
        assertEquals(List.of(), d.problems());
        Discovery named = discoverFromTmp(tmp.resolve("db/migration/mysql"));
        assertEquals(
                List.of("db/migration/mysql"),
                named.sets().stream().map(MigrationSet::displayFolder).toList());
    }

    /** Discovery of {@code path} with the working directory at tmp, so that display paths are relative to it. */
    private Discovery discoverFromTmp(Path path) {
        String cwd = System.getProperty("user.dir");
        try {
            System.setProperty("user.dir", tmp.toString());
            return MigrationDiscovery.discover(List.of(path), Optional.empty());
        } finally {
            System.setProperty("user.dir", cwd);
        }
    }

    @Test
    void repositoryRootFindsEverySetAndSkipsBuildOutput() throws IOException {
        write("db/migrations/1_create_users.up.sql", "x");
        write("db/migrations/1_create_users.down.sql", "x");
        write("ops/migrations/sql/V1__create_users.sql", "x");
        write("backend/migrations/20240101120000_create_users.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
        write("node_modules/pkg/migrations/1_x.up.sql", "x");
        write("target/classes/db/1_x.up.sql", "x");
        write(".git/migrations/1_x.up.sql", "x");
        write(".hidden/1_x.up.sql", "x");
        write("build/1_x.up.sql", "x");
        write("src/queries/get_user.sql", "SELECT 1;");
        Discovery d = discoverFromTmp(tmp);
        assertEquals(
                List.of("backend/migrations", "db/migrations", "ops/migrations/sql"),
                d.sets().stream().map(MigrationSet::displayFolder).toList());
        assertEquals(
                List.of(LayoutKind.DBMATE, LayoutKind.GOLANG_MIGRATE, LayoutKind.FLYWAY),
                d.sets().stream().map(MigrationSet::layout).toList());
        assertEquals(
                "db/migrations/1_create_users.up.sql",
                d.sets().get(1).migrations().get(0).up().displayPath());
        assertEquals(List.of(), d.problems());
        assertTrue(d.selected().isEmpty());
    }

    @Test
    void singleFileUsesItsFolderAsContextAndRemembersTheSelection() throws IOException {
        Path users = write("m/1_create_users.up.sql", "x");
        write("m/1_create_users.down.sql", "x");
        Path orders = write("m/2_create_orders.up.sql", "x");
        Path dieselUp = write("d/2024-01-01-000000_create_users/up.sql", "x");
        write("d/2024-01-01-000000_create_users/down.sql", "x");
        Discovery d = MigrationDiscovery.discover(List.of(orders, dieselUp), Optional.empty());
        assertEquals(2, d.sets().size(), () -> d.problems().toString());
        MigrationSet golang = d.sets().stream()
                .filter(s -> s.layout() == LayoutKind.GOLANG_MIGRATE)
                .findFirst()
                .orElseThrow();
        assertEquals(2, golang.migrations().size(), "the whole folder is context");
        assertEquals(Optional.of(Set.of(orders.toRealPath())), d.selectedIn(golang));
        assertTrue(d.isSelected(golang, golang.migrations().get(1).up().file()));
        assertFalse(d.isSelected(golang, users.toRealPath()));
        MigrationSet diesel = d.sets().stream()
                .filter(s -> s.layout() == LayoutKind.DIESEL)
                .findFirst()
                .orElseThrow();
        assertTrue(d.isSelected(diesel, diesel.migrations().get(0).up().file()));
        assertFalse(d.isSelected(diesel, diesel.migrations().get(0).down().file()));

        Discovery oneDiesel = MigrationDiscovery.discover(List.of(dieselUp.getParent()), Optional.empty());
        MigrationSet dieselSet = oneDiesel.sets().get(0);
        assertEquals(
                Optional.of(Set.of(
                        dieselSet.migrations().get(0).up().file(),
                        dieselSet.migrations().get(0).down().file())),
                oneDiesel.selectedIn(dieselSet));

        Discovery whole = MigrationDiscovery.discover(List.of(orders, tmp.resolve("m")), Optional.empty());
        assertEquals(Optional.empty(), whole.selectedIn(whole.sets().get(0)), "naming the folder asks for all of it");
    }

    @Test
    void badInputBecomesProblemsNotExceptions() throws IOException {
        write("queries/get_user.sql", "SELECT 1;");
        Path notSql = write("m/notes.txt", "x");
        Discovery d = MigrationDiscovery.discover(
                List.of(tmp.resolve("missing"), tmp.resolve("queries"), tmp.resolve("queries/get_user.sql"), notSql),
                Optional.empty());
        assertEquals(List.of(), d.sets());
        List<String> rendered = d.problems().stream().map(ToolError::render).toList();
        assertEquals(4, rendered.size(), rendered::toString);
        assertTrue(rendered.get(0).endsWith("missing: io: no such file or folder"), rendered.get(0));
        assertTrue(rendered.get(1).contains("no folder here fits a migration layout"), rendered.get(1));
        assertTrue(rendered.get(2).contains("not a .sql migration file"), rendered.get(2));
        assertTrue(rendered.get(3).contains("the folder fits no migration layout"), rendered.get(3));
    }

    @Test
    void flywayVersionFoldersAreOneLocation() throws IOException {
        // DHIS2 keeps db/migration/2.31 … 2.43; Flyway scans the location recursively: one sequence, one history
        write("repo/db/migration/2.31/V2_31_1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        write("repo/db/migration/2.31/V2_31_2__add_name.sql", "ALTER TABLE users ADD COLUMN name text;\n");
        write("repo/db/migration/2.32/V2_32_1__add_email.sql", "ALTER TABLE users ADD COLUMN email text;\n");
        Discovery d = MigrationDiscovery.discover(List.of(tmp.resolve("repo")), Optional.empty());
        assertEquals(1, d.sets().size(), d.sets()::toString);
        MigrationSet set = d.sets().get(0);
        assertEquals(LayoutKind.FLYWAY, set.layout());
        assertTrue(set.folder().endsWith("db/migration"), set.folder().toString());
        assertEquals(
                List.of("2_31_1", "2_31_2", "2_32_1"),
                set.migrations().stream().map(m -> m.version().text()).toList());
        assertTrue(set.migrations().get(2).up().file().endsWith("2.32/V2_32_1__add_email.sql"));
        assertTrue(d.problems().isEmpty(), d.problems()::toString);

        // a file named on its own is read with the whole location as context
        Discovery one = MigrationDiscovery.discover(
                List.of(tmp.resolve("repo/db/migration/2.32/V2_32_1__add_email.sql")), Optional.empty());
        assertEquals(1, one.sets().size());
        assertTrue(
                one.sets().get(0).folder().endsWith("db/migration"),
                one.sets().get(0).folder().toString());
        assertEquals(3, one.sets().get(0).migrations().size());
    }

    @Test
    void flywayBaselineScriptsAreNeitherMigrationsNorStrayFiles() throws IOException {
        // hawkbit's B1_20_0__1.0.0_baseline__POSTGRESQL.sql: Flyway runs it on an empty database only
        write("repo/db/migration/B1_20_0__baseline.sql", "CREATE TABLE sp_lock (id bigint PRIMARY KEY);\n");
        write("repo/db/migration/V1_20_1__add_lock_expiry.sql", "ALTER TABLE sp_lock ADD COLUMN x int;\n");
        Discovery d = MigrationDiscovery.discover(List.of(tmp.resolve("repo")), Optional.empty());
        assertEquals(1, d.sets().size(), d.sets()::toString);
        assertEquals(1, d.sets().get(0).migrations().size());
        assertTrue(d.sets().get(0).otherFiles().isEmpty(), d.sets().get(0).otherFiles()::toString);
    }

    @Test
    void flywayScriptsWithoutDescriptionAreMigrationsAndCallbacksAreNeither() throws IOException {
        // Dataverse's V6.1.0.6.sql (Flyway: all version, empty description) and afterMigrate__1-upsert.sql, a
        // callback Flyway runs after every migrate, as ehrbase's beforeValidate.sql before every validate
        write("repo/db/migration/V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        write("repo/db/migration/V6.1.0.6.sql", "ALTER TABLE users ADD COLUMN x int;\n");
        write("repo/db/migration/afterMigrate__1-upsert-reference-data.sql", "INSERT INTO users VALUES (1);\n");
        write("repo/db/migration/beforeValidate.sql", "SELECT 1;\n");
        write("repo/db/migration/AfterMigrate.sql", "SELECT 1;\n");
        Discovery d = MigrationDiscovery.discover(List.of(tmp.resolve("repo")), Optional.empty());
        assertEquals(1, d.sets().size(), d.sets()::toString);
        List<Migration> migrations = d.sets().get(0).migrations();
        assertEquals(
                List.of("1", "6.1.0.6"),
                migrations.stream().map(m -> m.version().toString()).toList());
        assertEquals("", migrations.get(1).name());
        // Flyway matches event ids exactly: AfterMigrate.sql is neither a callback nor a migration
        assertEquals(1, d.sets().get(0).otherFiles().size(), d.sets().get(0).otherFiles()::toString);
    }

    @Test
    void flywayCallbackNamesAreFlywaysOwnEventIds() {
        // the list miglint keeps is Flyway 11's: every event id is a callback script name, with or without a
        // description, and a migration's name is not
        for (org.flywaydb.core.api.callback.Event e : org.flywaydb.core.api.callback.Event.values()) {
            assertTrue(LayoutDetector.flywayCallback(e.getId() + ".sql"), e.getId());
            assertTrue(LayoutDetector.flywayCallback(e.getId() + "__refresh_views.sql"), e.getId());
        }
        assertFalse(LayoutDetector.flywayCallback("V1__afterMigrate.sql"));
        assertFalse(LayoutDetector.flywayCallback("AfterMigrate.sql"));
    }

    @Test
    void flywayFoldersNamedForDatabasesStaySeparate() throws IOException {
        // not one location as version folders are: postgres is a set of its own (and mysql is not PostgreSQL)
        write("repo/db/migration/postgres/V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        write("repo/db/migration/postgresql/V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        write("repo/db/migration/mysql/V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        Discovery d = MigrationDiscovery.discover(List.of(tmp.resolve("repo")), Optional.empty());
        assertEquals(2, d.sets().size(), d.sets()::toString);
        assertTrue(d.sets().stream()
                .allMatch(x -> x.folder().getFileName().toString().startsWith("postgres")));
    }

    @Test
    void symlinkLoopIsReportedOnceAndNotFollowed() throws IOException {
        write("repo/db/migrations/1_create_users.up.sql", "x");
        Files.createSymbolicLink(tmp.resolve("repo/db/migrations/loop"), tmp.resolve("repo/db"));
        Discovery d = MigrationDiscovery.discover(List.of(tmp.resolve("repo")), Optional.empty());
        assertEquals(1, d.sets().size());
        assertEquals(1, d.problems().size(), d.problems()::toString);
        assertEquals(ToolError.Kind.SYMLINK_LOOP, d.problems().get(0).kind());
        assertTrue(
                d.problems().get(0).file().endsWith("db/migrations/loop"),
                d.problems().get(0).file());
    }

    @Test
    void unreadableDirectoryIsAProblem() throws IOException {
        write("repo/db/migrations/1_create_users.up.sql", "x");
        Path locked = Files.createDirectories(tmp.resolve("repo/locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(locked), "running as root: permissions do not lock a folder");
            Discovery d = MigrationDiscovery.discover(List.of(tmp.resolve("repo")), Optional.empty());
            assertEquals(1, d.sets().size());
            assertEquals(
                    List.of(ToolError.Kind.IO),
                    d.problems().stream().map(ToolError::kind).toList());
            assertTrue(d.problems().get(0).message().startsWith("cannot read folder"));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void detectorScoresExplainTheChoice() throws IOException {
        write("m/1_create_users.up.sql", "x");
        write("m/1_create_users.down.sql", "x");
        write("m/2_create_orders.up.sql", "x");
        List<LayoutScore> scores = LayoutDetector.scores(tmp.resolve("m"));
        assertEquals(
                new LayoutScore(LayoutKind.GOLANG_MIGRATE, 3),
                scores.stream()
                        .filter(s -> s.layout() == LayoutKind.GOLANG_MIGRATE)
                        .findFirst()
                        .orElseThrow());
        assertEquals(
                LayoutKind.GOLANG_MIGRATE,
                LayoutDetector.detect(tmp.resolve("m")).orElseThrow().layout());
        assertEquals(Optional.empty(), LayoutDetector.detect(Files.createDirectories(tmp.resolve("empty"))));
    }
}
