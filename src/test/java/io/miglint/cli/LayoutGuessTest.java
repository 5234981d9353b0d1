package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder of {version}_{name}.up.sql/.down.sql files is golang-migrate's or sqlx's, which run a file differently:
 * when nothing in the folder or its project tells them apart, the way out of a transaction a help gives must work
 * with both, and the run says the layout was a guess and how to set it.
 */
class LayoutGuessTest {
    @TempDir
    Path repo;

    @BeforeEach
    void project() throws IOException {
        Files.createDirectories(repo.resolve(".git"));
        put("migrations/20230101000000_create_builds.up.sql", "CREATE TABLE builds (id int, build_status text);\n");
        put("migrations/20230101000000_create_builds.down.sql", "DROP TABLE builds;\n");
        put(
                "migrations/20240624085737_build-status-idx.up.sql",
                "CREATE INDEX builds_build_status_idx ON builds USING btree (build_status ASC);\n");
        put("migrations/20240624085737_build-status-idx.down.sql", "DROP INDEX builds_build_status_idx;\n");
        // Downs that build an index the schema before the up did not have: of one statement, then of two.
        put("migrations/20240701000000_drop-status-idx.up.sql", "SELECT 1;\n");
        put(
                "migrations/20240701000000_drop-status-idx.down.sql",
                "CREATE INDEX builds_status_idx ON builds (build_status);\n");
        put("migrations/20240702000000_two.up.sql", "SELECT 2;\n");
        put(
                "migrations/20240702000000_two.down.sql",
                "SET lock_timeout = '5s';\nCREATE INDEX builds_id_idx ON builds (id);\n");
    }

    private void put(String relative, String text) throws IOException {
        Path p = repo.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private record Run(Cli cli, List<JsonNode> concurrentIndex) {
        String help(String fileEnd) {
            return concurrentIndex.stream()
                    .filter(f -> f.get("file").asText().endsWith(fileEnd))
                    .map(f -> f.get("help").asText())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(fileEnd + " not reported: " + cli));
        }
    }

    private Run check(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "check",
                repo.resolve("migrations").toString(),
                "--format",
                "json",
                "--fail-on",
                "never",
                "--enable",
                "require-concurrent-index"));
        args.addAll(List.of(extra));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        List<JsonNode> found = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).get("findings").forEach(f -> {
            if (f.get("ruleId").asText().equals("require-concurrent-index")) {
                found.add(f);
            }
        });
        return new Run(r, found);
    }

    @Test
    void withNothingToTellTheToolsApartHelpsNameBothWaysAndTheRunSaysItGuessed() throws IOException {
        Run r = check();
        String up = r.help("20240624085737_build-status-idx.up.sql");
        assertTrue(
                up.contains("`CREATE INDEX CONCURRENTLY builds_build_status_idx ON builds USING btree "
                        + "(build_status ASC);`, in a migration file holding only that statement and starting with the line "
                        + "`-- no-transaction`"),
                up);
        assertTrue(
                up.contains("sqlx runs a file so marked outside a transaction; golang-migrate reads the line as a "
                        + "comment and runs a file of one statement outside one anyway"),
                up);
        assertFalse(up.contains("a golang-migrate file holding only that statement"), up);
        String oneStatementDown = r.help("20240701000000_drop-status-idx.down.sql");
        assertTrue(
                oneStatementDown.contains("in this down file, starting with the line `-- no-transaction`"),
                oneStatementDown);
        String twoStatementDown = r.help("20240702000000_two.down.sql");
        assertTrue(
                twoStatementDown.startsWith(
                        "This down cannot build it CONCURRENTLY: golang-migrate sends this down "
                                + "file as one query, which PostgreSQL runs as one transaction, and sqlx runs it as one transaction"),
                twoStatementDown);
        assertTrue(
                r.cli().err().contains("migrations: read as golang-migrate, but its file names fit sqlx too"),
                r.cli()::toString);
        assertTrue(r.cli().err().contains("`--layout sqlx`"), r.cli()::toString);

        Cli stats = Cli.run(
                "check", repo.resolve("migrations").toString(), "--format", "json", "--fail-on", "never", "--stats");
        JsonNode folder = new ObjectMapper().readTree(stats.out()).get("stats").get(0);
        assertEquals("golang-migrate", folder.get("layout").asText());
        assertEquals("sqlx", folder.get("layoutAlsoFits").asText());
    }

    /** verify applies the guessed tool's way of running files, and says so. */
    @Test
    void verifySaysItAppliedTheFilesTheWayTheGuessedToolRunsThem() {
        try (java.sql.Connection c =
                java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(c.isValid(5));
        } catch (java.sql.SQLException e) {
            org.junit.jupiter.api.Assumptions.abort("PostgreSQL is not reachable at 127.0.0.1:5432");
        }
        Cli r = Cli.run(
                "verify",
                repo.resolve("migrations").toString(),
                "--database-url",
                "postgres://postgres@127.0.0.1:5432/postgres");
        assertTrue(
                r.err()
                        .contains("migrations: read as golang-migrate, but its file names fit sqlx too and nothing in "
                                + "the folder or its project tells them apart; its files were applied the way golang-migrate runs "
                                + "them."),
                r::toString);
    }

    @Test
    void aCargoTomlAboveTheFolderMakesItSqlx() throws IOException {
        put("Cargo.toml", "[package]\nname = \"docs\"\n");
        Run r = check();
        String up = r.help("20240624085737_build-status-idx.up.sql");
        assertTrue(
                up.contains("in a sqlx migration file whose first line is `-- no-transaction` and that holds only "
                        + "that statement"),
                up);
        assertFalse(r.cli().err().contains("read as"), r.cli()::toString);
    }

    @Test
    void aGoModAboveTheFolderOrTheLayoutSetMakesItOneTool() throws IOException {
        Run set = check("--layout", "golang-migrate");
        assertTrue(
                set.help("20240624085737_build-status-idx.up.sql")
                        .contains("in a golang-migrate file holding " + "only that statement"),
                set.cli()::toString);
        assertFalse(set.cli().err().contains("read as"), set.cli()::toString);

        put("go.mod", "module example.com/builds\n");
        Run go = check();
        assertTrue(
                go.help("20240624085737_build-status-idx.up.sql")
                        .contains("in a golang-migrate file holding only " + "that statement"),
                go.cli()::toString);
        assertFalse(go.cli().err().contains("read as"), go.cli()::toString);
    }
}
