package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --changed-since} on real git repositories: a branch's committed, staged, unstaged and untracked
 * migrations are reported, the ones already on the base branch are not, and every migration is still read.
 */
class ChangedSinceTest {
    @TempDir
    Path tmp;

    Path repo;
    TestGit git;
    Path migrations;

    @BeforeEach
    void repositoryWithABranch() throws Exception {
        repo = Files.createDirectories(tmp.resolve("repo"));
        git = TestGit.init(repo);
        migrations = Files.createDirectories(repo.resolve("db/migrations"));
        // An empty down is reported by down-empty (info): every migration here has one, so each file can be seen.
        migration(1, "create_users_table");
        Files.writeString(repo.resolve("README.md"), "shop\n");
        git.commitAll("base");
        git.run("checkout", "-q", "-b", "feature");
    }

    private void migration(int version, String name) throws IOException {
        Files.writeString(
                migrations.resolve(version + "_" + name + ".up.sql"),
                "CREATE TABLE IF NOT EXISTS t" + version + " (id bigint PRIMARY KEY);\n");
        Files.writeString(migrations.resolve(version + "_" + name + ".down.sql"), "-- nothing yet\n");
    }

    private JsonNode check(String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(
                List.of("check", migrations.toString(), "--format", "json", "--fail-on", "never"));
        args.addAll(List.of(extra));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        return new ObjectMapper().readTree(r.out());
    }

    private static TreeSet<String> reportedFiles(JsonNode report) {
        TreeSet<String> files = new TreeSet<>();
        StreamSupport.stream(report.get("findings").spliterator(), false)
                .map(f -> Path.of(f.get("file").asText()).getFileName().toString())
                .forEach(files::add);
        return files;
    }

    @Test
    void reportsCommittedStagedAndUntrackedChangesOfTheBranchOnly() throws Exception {
        migration(2, "create_orders_table");
        git.commitAll("orders");
        migration(3, "create_items_table");
        git.run("add", "db/migrations/3_create_items_table.up.sql", "db/migrations/3_create_items_table.down.sql");
        migration(4, "create_carts_table");

        JsonNode all = check();
        assertEquals(
                new TreeSet<>(List.of(
                        "1_create_users_table.down.sql",
                        "2_create_orders_table.down.sql",
                        "3_create_items_table.down.sql",
                        "4_create_carts_table.down.sql")),
                reportedFiles(all));

        JsonNode changed = check("--changed-since", "main");
        assertEquals(
                new TreeSet<>(List.of(
                        "2_create_orders_table.down.sql",
                        "3_create_items_table.down.sql",
                        "4_create_carts_table.down.sql")),
                reportedFiles(changed));
        assertEquals(8, changed.path("summary").path("files").asInt(), "every migration is still read as context");
    }

    @Test
    void anUncommittedEditOfAnOldMigrationCountsAsChanged() throws Exception {
        Files.writeString(migrations.resolve("1_create_users_table.down.sql"), "-- still nothing\n");
        assertEquals(
                new TreeSet<>(List.of("1_create_users_table.down.sql")),
                reportedFiles(check("--changed-since", "main")));
    }

    @Test
    void comparesWithTheMergeBaseNotWithTheTipOfTheBaseBranch() throws Exception {
        migration(2, "create_orders_table");
        git.commitAll("orders on the branch");
        git.run("checkout", "-q", "main");
        migration(5, "create_invoices_table");
        git.commitAll("invoices on main after the branch started");
        git.run("checkout", "-q", "feature");
        // Three-dot: what main gained since the branch started is not the branch's change (and is not on disk here).
        assertEquals(
                new TreeSet<>(List.of("2_create_orders_table.down.sql")),
                reportedFiles(check("--changed-since", "main")));
    }

    @Test
    void aMissingRefIsOneLineWithTheFetchCommandAndExitCode2() throws Exception {
        Cli r = Cli.run("check", migrations.toString(), "--changed-since", "origin/main");
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertEquals("miglint: ref origin/main not found; fetch it: git fetch --depth=100 origin main\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aShallowCloneWithoutTheBaseRefOrItsHistoryIsToldHowToFetch() throws Exception {
        migration(2, "create_orders_table");
        git.commitAll("orders");
        git.run("checkout", "-q", "main");
        migration(5, "create_invoices_table");
        git.commitAll("invoices");
        Path clone = tmp.resolve("clone");
        git.run("clone", "-q", "--depth", "1", "--branch", "feature", "file://" + repo, clone.toString());
        Path cloned = clone.resolve("db/migrations");

        Cli missing = Cli.run("check", cloned.toString(), "--changed-since", "origin/main");
        assertEquals(ExitCode.USAGE, missing.exit(), missing.toString());
        assertEquals(
                "miglint: ref origin/main not found; fetch it: git fetch --depth=100 origin main\n", missing.err());

        TestGit inClone = new TestGit(clone);
        inClone.run("fetch", "-q", "--depth=1", "origin", "main:refs/remotes/origin/main");
        Cli noBase = Cli.run("check", cloned.toString(), "--changed-since", "origin/main");
        assertEquals(ExitCode.USAGE, noBase.exit(), noBase.toString());
        assertEquals(1, noBase.err().lines().count(), noBase.err());
        assertTrue(
                noBase.err().contains("no common commit in this shallow clone")
                        && noBase.err().contains("git fetch --deepen=200 origin main"),
                noBase.err());

        inClone.run("fetch", "-q", "--unshallow", "origin", "main:refs/remotes/origin/main");
        Cli full = Cli.run(
                "check", cloned.toString(), "--changed-since", "origin/main", "--format", "json", "--fail-on", "never");
        assertEquals(0, full.exit(), full.toString());
        assertEquals(
                new TreeSet<>(List.of("2_create_orders_table.down.sql")),
                reportedFiles(new ObjectMapper().readTree(full.out())));
    }

    @Test
    void outsideARepositoryItSaysSo() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain/migrations"));
        Files.writeString(plain.resolve("1_create_users_table.up.sql"), "SELECT 1;\n");
        Cli r = Cli.run("check", plain.toString(), "--changed-since", "main");
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertTrue(r.err().startsWith("miglint: --changed-since needs a git repository;"), r.err());
    }
}
